import Foundation
import GoldenCore

extension SurvivorshipMember {
    /// The member for a stored source record (`source_records.attributes`), without standardizing again.
    ///
    /// Gives the same values as ``init(_:recordID:employer:facts:)`` on the typed record the document was written
    /// from, except what the document does not keep: an owner's display name and a consent channel's own time
    /// (the record's modified-at stands in, as it does when a source sends no time).
    ///
    /// - Parameter employer: the golden id of the person's employer, resolved by the caller; without it the
    ///   employer's source reference (`source/key`) stands in.
    public init(
        stored document: StoredPartyDocument, ref: SourceRecordRef, recordID: UUID?, modifiedAt: Date,
        isDeleted: Bool = false, employer: String? = nil
    ) {
        var values: [MemberValue] = []
        values.reserveCapacity(16)
        func add(_ value: StoredPartyDocument.Value?, _ attribute: GoldenAttribute) {
            guard let value else { return }
            values.append(MemberValue(attribute, raw: value.raw, clean: value.value, issues: value.issues ?? []))
        }
        switch document.kind {
        case .organization:
            add(document.legalName, .legalName)
            add(document.shortName, .shortName)
            add(document.legalForm, .legalForm)
            add(document.inn, .inn)
            add(document.kpp, .kpp)
            add(document.ogrn, .ogrn)
            for address in document.addresses ?? [] { add(address, .address) }
            for phone in document.phones ?? [] { add(phone, .phone) }
            for email in document.emails ?? [] { add(email, .email) }
            add(document.website, .website)
        case .person:
            add(document.name, .name)
            add(document.birthDate, .birthDate)
            add(document.nationalID, .nationalID)
            add(document.jobTitle, .jobTitle)
            if let reference = employer ?? document.employer.map({ "\(ref.source)/\($0)" }) {
                values.append(MemberValue(.employer, raw: reference, clean: reference))
            }
            for address in document.addresses ?? [] { add(address, .address) }
            for phone in document.phones ?? [] { add(phone, .phone) }
            for email in document.emails ?? [] { add(email, .email) }
            if let optedOut = document.consent?.emailOptOut {
                values.append(MemberValue(.emailOptOut, Consent.Channel(optedOut: optedOut)))
            }
            if let optedOut = document.consent?.phoneOptOut {
                values.append(MemberValue(.phoneOptOut, Consent.Channel(optedOut: optedOut)))
            }
        }
        values.append(MemberValue(.status, raw: document.status.rawValue, clean: document.status.rawValue))
        let owner = document.owner.map { Owner(id: $0) }
        if let owner {
            values.append(MemberValue(.owner, raw: owner.id, clean: "\(ref.source)/\(owner.id)"))
        }
        self.init(
            ref: ref, recordID: recordID, modifiedAt: modifiedAt, isDeleted: isDeleted, values: values, owner: owner,
            facts: document.facts ?? [:])
    }
}

extension GoldenRecordValues {
    /// The golden document (`golden_records.attributes` and `golden_versions.attributes`): ``attributesJSON`` plus
    /// what the domain derives beside the values: consent with its time and source, each source's owner and the
    /// lead owner, and why a record is dead. Written by hand, like lineage.
    public var documentJSON: String {
        var writer = LineageJSONWriter(bytes: [])
        writer.bytes.reserveCapacity(768)
        writer.open()
        appendAttributeFields(to: &writer)
        if let consent, consent.email != nil || consent.phone != nil {
            writer.key("consent")
            writer.open()
            for (name, state) in [("email", consent.email), ("phone", consent.phone)] {
                guard let state else { continue }
                writer.keyName(name)
                writer.open()
                writer.key("opted_out")
                writer.bytes.append(contentsOf: (state.optedOut ? "true" : "false").utf8)
                writer.markValueWritten()
                writer.key("at")
                writer.time(state.at)
                writer.key("source")
                writer.source(state.source)
                writer.close()
            }
            writer.close()
        }
        if !owners.isEmpty {
            writer.key("owners")
            writer.beginArray()
            for owner in owners { writer.owner(owner) }
            writer.endArray()
        }
        if let leadOwner {
            writer.key("lead_owner")
            writer.owner(leadOwner)
        }
        if let deadReason { writer.field("dead_reason", deadReason.rawValue) }
        writer.close()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension LineageJSONWriter {
    mutating func owner(_ owner: SourceOwner) {
        open()
        field("source", owner.source)
        field("key", owner.key)
        field("owner_id", owner.ownerID)
        if let name = owner.name { field("name", name) }
        close()
    }
}

extension SurvivorshipConfiguration {
    /// A digest of the whole configuration that is the same in every process (Swift's `Hasher` is seeded per
    /// process): a run re-survives every golden record after the rules file changed, and only then.
    public var fingerprint: UInt64 {
        var digest = StableDigest()
        digest.add("default_trust=\(defaultTrust)")
        for name in sources.keys.sorted() {
            let entry = sources[name]!
            digest.add("source=\(name):\(entry.defaultTrust):\(entry.isAccounting)")
            for attribute in entry.attributes.keys.sorted() {
                digest.add("\(attribute.rawValue)=\(entry.attributes[attribute]!)")
            }
        }
        for kind in PartyKind.allCases {
            for attribute in GoldenAttribute.attributes(of: kind) {
                digest.add("\(kind.rawValue).\(attribute.rawValue)=\(rules(for: kind, attribute))")
            }
        }
        return digest.value
    }
}

/// FNV-1a over bytes, 64 bits: stable across processes and platforms, for digests stored in the database.
public struct StableDigest: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte: byte) }
        add(byte: 0xff)  // a separator no UTF-8 text contains, so ("ab","c") and ("a","bc") differ
    }

    public mutating func add(_ number: UInt64) {
        var number = number
        for _ in 0..<8 {
            add(byte: UInt8(truncatingIfNeeded: number))
            number >>= 8
        }
    }

    public mutating func add(_ uuid: UUID) {
        let bytes = uuid.uuid
        withUnsafeBytes(of: bytes) { raw in for byte in raw { add(byte: byte) } }
    }

    @inline(__always) mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
}
