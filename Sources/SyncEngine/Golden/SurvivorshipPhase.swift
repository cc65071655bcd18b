import Foundation
import GoldenCore
import GoldenStore
import Logging
import Survivorship

/// Golden values for the golden records whose inputs changed: the survive step of a run, and of a steward's edit.
///
/// A record's inputs are its members and their versions, the persons' employer golden ids, the steward overrides
/// in force, its finance status and the rules. Their digest is stored with the values, so a run reads the stored
/// documents of only the records whose digest moved (all of them on the first run, a handful after a small
/// change) and never standardizes again. A recomputed record whose values did not change writes no version.
///
/// Trust decay depends on the clock, not on the inputs: `force` (``GoldenRecordJob/run(runID:resurvive:)``,
/// `golden survive`) recomputes everything, which a nightly schedule does.
struct SurvivorshipPhase: Sendable {
    /// One golden record's members as the caller knows them (members in any order).
    struct Group: Sendable {
        let golden: UUID
        let members: [UUID]
        let versions: [Int]
        /// Persons: each member's employer golden id, when it has one.
        let employers: [String?]
        /// The record gets a membership version anyway: its values (and lineage) go with it even if unchanged, so
        /// the lineage names the members it has now.
        var membershipChanged = false
    }

    struct Outcome: Sendable {
        /// Records with new values, to write as versions.
        var values: [SurvivedValues] = []
        /// Records recomputed to the same values: only their input digest is stored.
        var unchanged: [(goldenID: UUID, input: Int64)] = []
        /// Every recomputed record's values (kept only when asked, for the what-if preview).
        var computed: [UUID: GoldenRecordValues] = [:]
        var skipped = 0
        /// Members that could not be read (their stored document is not a party); the record survives without them.
        var unreadable: [UUID] = []
        /// Wall seconds reading and decoding member documents, and assembling and encoding values.
        var readSeconds = 0.0
        var assembleSeconds = 0.0
    }

    let database: GoldenDatabase
    let assembler: GoldenRecordAssembler
    let fingerprint: UInt64
    let now: Date
    /// Which sources receive golden values back; `nil` publishes nothing (a preview, a steward's edit).
    let publish: PublishRules?
    let logger: Logger

    init(
        database: GoldenDatabase, configuration: SurvivorshipConfiguration, now: Date, publish: PublishRules? = nil,
        logger: Logger
    ) {
        self.database = database
        self.assembler = GoldenRecordAssembler(configuration: configuration)
        self.fingerprint = configuration.fingerprint
        self.now = now
        self.publish = publish.flatMap { $0.isEmpty ? nil : $0 }
        self.logger = logger
    }

    /// The records of one survive step whose values must be computed again, with what every chunk of them reads
    /// alike (stored states, overrides, echo times). Deciding the scope costs a digest per record; computing it
    /// costs the members' documents, which ``compute(_:chunk:size:keepComputed:)`` reads a chunk at a time.
    struct Scope: Sendable {
        let kind: PartyKind
        let entries: [(group: Group, input: Int64)]
        let skipped: Int
        let allGroups: Int
        let states: [UUID: GoldenRecordRepository.SurvivorshipState]
        let overrides: [UUID: [StewardOverride]]
        /// Echo base times of every member, or `nil` when each chunk asks for its own members'.
        let echoes: [UUID: Date]?

        /// Chunks of `size` records the scope is computed in.
        func chunkCount(size: Int) -> Int { (entries.count + size - 1) / size }
    }

    func survive(kind: PartyKind, groups: [Group], force: Bool, keepComputed: Bool = false) async throws -> Outcome {
        let scope = try await scope(kind: kind, groups: groups, force: force)
        var outcome = try await compute(scope, chunk: 0, size: max(1, scope.entries.count), keepComputed: keepComputed)
        outcome.skipped = scope.skipped
        return outcome
    }

    /// Which of `groups` need their values computed again: all with `force`, otherwise those whose input digest
    /// moved since their values were stored.
    ///
    /// - Parameter clusters: when `groups` are some of the entity's clusters only, how many there are: only their
    ///   states are read.
    func scope(kind: PartyKind, groups: [Group], force: Bool, clusters: Int? = nil) async throws -> Scope {
        let golden = GoldenRecordRepository(database: database)
        let states = groups.isEmpty
            ? [:]
            : try await golden.survivorshipStates(
                entity: kind.rawValue, ids: clusters == nil ? nil : groups.map(\.golden))
        var overrides: [UUID: [StewardOverride]] = [:]
        var overrideDigest: [UUID: UInt64] = [:]
        for entry in groups.isEmpty ? [] : try await StewardDecisionRepository(database: database).overrides() {
            guard let attribute = GoldenAttribute(rawValue: entry.attribute) else { continue }
            overrides[entry.goldenID, default: []].append(
                StewardOverride(
                    attribute: attribute, value: entry.value, by: entry.actor, reason: entry.reason,
                    at: entry.createdAt))
            var digest = StableDigest()
            digest.add(overrideDigest[entry.goldenID] ?? 0)
            digest.add(entry.decisionID)
            overrideDigest[entry.goldenID] = digest.value
        }
        var entries: [(group: Group, input: Int64)] = []
        var skipped = 0
        var members = 0
        for group in groups {
            let status = states[group.golden]?.status
            let input = inputDigest(group, kind: kind, status: status, overrides: overrideDigest[group.golden])
            if force || states[group.golden]?.input != input {
                entries.append((group, input))
                members += group.members.count
            } else {
                skipped += 1
            }
        }
        // Many members that are most of the entity (a full run, a rules change): one read of every echo beats a
        // query per chunk. Otherwise each chunk asks for its own members: on a store whose deltas were delivered,
        // reading every echo joins every acknowledged delta with its record's versions, 2.2 s at 1M records,
        // where the 20k members of a sync after 1% changed take 0.2 s by id.
        let most = entries.count * 4 >= (clusters ?? groups.count)
        let echoes =
            members > 10_000 && most ? try await OutboxRepository(database: database).echoBaseTimes(of: nil) : nil
        return Scope(
            kind: kind, entries: entries, skipped: skipped, allGroups: clusters ?? groups.count, states: states,
            overrides: overrides, echoes: echoes)
    }

    /// Computes the values of one chunk of `scope` (records `chunk * size ..< (chunk + 1) * size`).
    func compute(_ scope: Scope, chunk: Int, size: Int, keepComputed: Bool = false) async throws -> Outcome {
        var outcome = Outcome()
        let entries = scope.entries[min(chunk * size, scope.entries.count)..<min((chunk + 1) * size, scope.entries.count)]
        guard !entries.isEmpty else { return outcome }
        let kind = scope.kind
        let states = scope.states
        let golden = GoldenRecordRepository(database: database)
        let clock = ContinuousClock()
        var lap = clock.now
        let ids = Set(entries.lazy.flatMap(\.group.members))
        // The members' echoes and the confirmed records' lineage are read beside the documents, each on a connection
        // of its own: none of the three needs another's answer, and in a sync after a few changes the documents'
        // read and decode is what the chunk's write waits for.
        let database = database
        async let echoRead = scope.echoes == nil
            ? OutboxRepository(database: database).echoBaseTimes(of: Array(ids)) : [:]
        let confirmed = entries.map(\.group.golden).filter { states[$0]?.status == "confirmed" }
        async let lineageRead = golden.currentLineage(of: confirmed)
        let documents: [UUID: MemberDocument]
        do {
            // One scan of the entity beats lookups by id only when this chunk is most of it; a chunk of a larger
            // scope reads its own members, or every chunk would scan the whole entity again.
            documents = try await memberDocuments(
                ids, kind: kind, scan: entries.count == scope.entries.count && entries.count * 4 >= scope.allGroups)
        } catch {
            // Awaited on every path: a query cancelled mid-flight would cost its connection.
            _ = try? await echoRead
            _ = try? await lineageRead
            throw error
        }
        outcome.unreadable = Array(ids.subtracting(documents.keys))
        let chunkEchoes = try await echoRead
        let echoes = scope.echoes ?? chunkEchoes
        var previous: [UUID: GoldenRecordValues] = [:]
        for (id, text) in try await lineageRead {
            guard let lineage = try? LineageDocument.decode(text) else { continue }
            previous[id] = GoldenRecordValues(kind: kind, lineage: lineage.sorted { $0.attribute < $1.attribute })
        }

        let assembler = assembler
        let now = now
        let publish = publish
        let (overridesOf, previousOf) = (scope.overrides, previous)
        outcome.readSeconds = (clock.now - lap).secondsValue
        lap = clock.now
        @Sendable func survive(_ entry: (group: Group, input: Int64)) -> (GoldenRecordValues?, SurvivedValues) {
            let group = entry.group
            var members: [SurvivorshipMember] = []
            members.reserveCapacity(group.members.count)
            for (index, id) in group.members.enumerated() {
                guard let stored = documents[id] else { continue }
                members.append(
                    SurvivorshipMember(
                        stored: stored.document, ref: SourceRecordRef(source: stored.source, id: stored.sourceKey),
                        recordID: id, modifiedAt: echoes[id] ?? stored.modifiedAt ?? Date(timeIntervalSince1970: 0),
                        isDeleted: stored.deleted, employer: group.employers[index]))
            }
            let storedStatus = states[group.golden].flatMap { OrganizationStatus(rawValue: $0.status) }
            let values = assembler.assemble(
                kind: kind, members: members, overrides: overridesOf[group.golden] ?? [],
                storedStatus: storedStatus, previous: previousOf[group.golden], now: now)
            var encoded = Self.encode(values, golden: group.golden, input: entry.input, members: group.members)
            if let publish {
                let winner = values.source(.name)?.recordID.flatMap { documents[$0]?.document.nameParts }
                let legalNameWinner = values.source(.legalName)?.recordID.flatMap { documents[$0] }
                let winnerHasForm = legalNameWinner.map { $0.document.legalForm?.value != nil } ?? true
                for member in members {
                    guard let id = member.recordID,
                        let json = publish.delta(
                            for: member, nameParts: documents[id]?.document.nameParts, kind: kind, values: values,
                            winnerNameParts: winner, legalNameWinnerHasForm: winnerHasForm, goldenID: group.golden,
                            announceID: group.membershipChanged)
                    else { continue }
                    let version = group.members.firstIndex(of: id).map { group.versions[$0] }
                    encoded.deltas.append(
                        .init(sourceRecordID: id, source: member.ref.source, json: json, sourceVersion: version))
                }
            }
            // Only a preview keeps the values themselves: a full run would otherwise hold 600k of them.
            return (keepComputed ? values : nil, encoded)
        }
        // In short pieces (``OrderedParallelMap/piece``): this runs while the chunk before is written.
        let computed = await OrderedParallelMap.map(Array(entries), minimumCount: 64, survive)
        for ((values, encoded), entry) in zip(computed, entries) {
            let golden = entry.group.golden
            if let values { outcome.computed[golden] = values }
            if let stored = states[golden], stored.valuesDigest == encoded.valuesDigest, encoded.proposals.isEmpty,
                encoded.deltas.isEmpty, !entry.group.membershipChanged
            {
                outcome.unchanged.append((golden, encoded.input))
            } else {
                outcome.values.append(encoded)
            }
        }
        outcome.assembleSeconds = (clock.now - lap).secondsValue
        return outcome
    }

    /// Groups for records whose members the caller knows but the match run did not load (a steward's split or
    /// move): versions come from the store, and a person's employer golden id from its employer's current xref,
    /// as the run derives them.
    func groups(members: [(golden: UUID, members: [UUID])], kind: PartyKind) async throws -> [Group] {
        let all = members.flatMap(\.members)
        var stored: [UUID: StoredMember] = [:]
        for document in try await LandedRecordRepository(database: database).documents(of: all) {
            stored[document.sourceRecordID] = document
        }
        let golden = GoldenRecordRepository(database: database)
        var employerOf: [UUID: String] = [:]
        if kind == .person {
            for (id, document) in stored {
                guard let key = StoredPartyDocument.decode(document.attributesJSON)?.employer else { continue }
                let employer = GoldenIdentifiers.sourceRecordID(source: document.source, key: key)
                if let row = try await golden.xref(sourceRecordID: employer) {
                    employerOf[id] = row.goldenID.lowercasedText
                }
            }
        }
        return members.map { entry in
            let live = entry.members.filter { stored[$0].map { !$0.deleted } ?? false }
            return Group(
                golden: entry.golden, members: live, versions: live.map { stored[$0]!.version },
                employers: live.map { employerOf[$0] }, membershipChanged: true)
        }
    }

    /// The digest of everything one record's values depend on, in an order-independent form.
    func inputDigest(_ group: Group, kind: PartyKind, status: String?, overrides: UInt64?) -> Int64 {
        var digest = StableDigest()
        digest.add(fingerprint)
        digest.add(kind.rawValue)
        digest.add(status == "confirmed" ? "confirmed" : "-")
        digest.add(overrides ?? 0)
        func add(_ index: Int) {
            digest.add(group.members[index])
            digest.add(UInt64(group.versions[index]))
            digest.add(group.employers[index] ?? "")
        }
        // A run's groups come in member order already (tables are in source record id order), most of one member:
        // only others are sorted.
        let members = group.members
        if zip(members, members.dropFirst()).allSatisfy({ $0.isOlder(than: $1) }) {
            for index in members.indices { add(index) }
        } else {
            for index in members.indices.sorted(by: { members[$0].isOlder(than: members[$1]) }) { add(index) }
        }
        return Int64(bitPattern: digest.value)
    }

    typealias StoredMember = LandedRecordRepository.MemberDocument

    /// What survivorship keeps of a member's row once its JSON is decoded (the text itself is dropped at once:
    /// holding a million of them doubled a full run's memory). A class: a lookup hands out one reference instead
    /// of copying a document of twenty-odd strings and arrays (those copies were a tenth of a full run's CPU).
    final class MemberDocument: Sendable {
        let document: StoredPartyDocument
        let source: String
        let sourceKey: String
        let modifiedAt: Date?
        let deleted: Bool

        init(document: StoredPartyDocument, source: String, sourceKey: String, modifiedAt: Date?, deleted: Bool) {
            self.document = document
            self.source = source
            self.sourceKey = sourceKey
            self.modifiedAt = modifiedAt
            self.deleted = deleted
        }
    }

    /// The decoded stored documents of `ids`: fetched by id, or with `scan` by one scan of the entity (when `ids` are
    /// most of it).
    func memberDocuments(
        _ ids: Set<UUID>, kind: PartyKind, scan: Bool
    ) async throws -> [UUID: MemberDocument] {
        let landed = LandedRecordRepository(database: database)
        var documents: [UUID: MemberDocument] = [:]
        documents.reserveCapacity(ids.count)
        func add(_ page: [StoredMember]) async {
            let decoded = await OrderedParallelMap.map(page, minimumCount: 256) { stored in
                ids.contains(stored.sourceRecordID) ? StoredPartyDocument.decode(stored.attributesJSON) : nil
            }
            for (stored, document) in zip(page, decoded) {
                guard let document else { continue }
                documents[stored.sourceRecordID] = MemberDocument(
                    document: document, source: stored.source, sourceKey: stored.sourceKey,
                    modifiedAt: stored.modifiedAt, deleted: stored.deleted)
            }
        }
        if scan {
            try await landed.forEachDocumentPage(entity: kind.rawValue) { page in await add(page) }
        } else {
            let all = Array(ids)
            var start = 0
            while start < all.count {
                let end = min(start + 10_000, all.count)
                await add(try await landed.documents(of: Array(all[start..<end])))
                start = end
            }
        }
        return documents
    }

    /// The store's form of one record's values: the document, its digest, and one lineage row per attribute.
    static func encode(_ values: GoldenRecordValues, golden: UUID, input: Int64, members: [UUID]) -> SurvivedValues {
        let document = values.documentJSON
        var digest = StableDigest()
        digest.add(document)
        digest.add(values.status?.rawValue ?? "provisional")
        digest.add(values.lifecycle.rawValue)
        return SurvivedValues(
            goldenID: golden, status: values.status?.rawValue ?? "provisional", lifecycle: values.lifecycle.rawValue,
            deadReason: values.deadReason?.rawValue, attributesJSON: document,
            searchKeys: GoldenSearchKeys.keys(
                names: [GoldenAttribute.legalName, .shortName, .name].flatMap { values.allValues($0) },
                emails: values.allValues(.email),
                digitValues: [GoldenAttribute.phone, .inn, .ogrn].flatMap { values.allValues($0) }),
            input: input,
            valuesDigest: Int64(bitPattern: digest.value),
            members: members.sorted { $0.isOlder(than: $1) },
            lineageUTF8: LineageDocument.utf8(values.lineage),
            proposals: values.proposals.map { proposal in
                SurvivedValues.Proposal(
                    attribute: proposal.attribute.rawValue, current: proposal.current, proposed: proposal.proposed,
                    proposedRaw: proposal.proposedRaw, sourceRecordID: proposal.source?.recordID, rule: proposal.rule)
            })
    }
}
