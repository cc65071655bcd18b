import Foundation
import GoldenCore

/// One member source record of a golden record, reduced to what survivorship reads.
///
/// Values are flat (one array per record, tagged with their attribute) so that assembling 600k golden records
/// allocates little; the clean value is the canonical string the stored attributes JSON keeps, so the caller can
/// build members straight from `source_records.attributes` without standardizing again.
public struct SurvivorshipMember: Sendable, Hashable {
    public var ref: SourceRecordRef
    /// The store's id of the source record, copied into lineage (`record_id` of its sources).
    public var recordID: UUID?
    /// The source's own last-modified time: "most recent" and trust decay read it.
    public var modifiedAt: Date
    /// A deleted record is kept (dead is never deleted) but stops voting; its values are listed as beaten.
    public var isDeleted: Bool
    public var values: [MemberValue]
    public var owner: Owner?
    /// Facts accounting sends beside the company (`facts` in the stored JSON); read only from accounting members.
    public var facts: [String: String]

    public init(
        ref: SourceRecordRef, recordID: UUID? = nil, modifiedAt: Date, isDeleted: Bool = false,
        values: [MemberValue], owner: Owner? = nil, facts: [String: String] = [:]
    ) {
        self.ref = ref
        self.recordID = recordID
        self.modifiedAt = modifiedAt
        self.isDeleted = isDeleted
        self.values = values
        self.owner = owner
        self.facts = facts
    }
}

/// One value a member offers for one golden attribute.
public struct MemberValue: Sendable, Hashable {
    public var attribute: GoldenAttribute
    /// Exactly what the source sent (shown to the steward, kept in lineage).
    public var raw: String
    /// The standardized canonical value; `nil` when it failed validation, and then it never survives.
    public var clean: String?
    /// Issue codes from standardization (`inn.bad_checksum`), repeated in lineage for failed values.
    public var issues: [String]
    /// When the value itself was recorded, if the source says (a consent channel's time); else the record's time.
    public var at: Date?

    public init(_ attribute: GoldenAttribute, raw: String, clean: String?, issues: [String] = [], at: Date? = nil) {
        self.attribute = attribute
        self.raw = raw
        self.clean = clean
        self.issues = issues
        self.at = at
    }
}

extension SurvivorshipMember {
    /// The member for a typed source record (what tests and the in-memory pipeline hold).
    ///
    /// - Parameters:
    ///   - employer: the golden id of the person's employer organization, resolved by the caller through the xref;
    ///     without it the employer's source reference (`source/id`) stands in.
    ///   - facts: the record's accounting facts (the stored JSON's `facts`).
    public init(
        _ record: SourceRecord, recordID: UUID? = nil, employer: String? = nil, facts: [String: String] = [:]
    ) {
        var values: [MemberValue] = []
        values.reserveCapacity(16)
        let owner: Owner?
        switch record.party {
        case .organization(let organization):
            values.append(organization.legalName, as: .legalName)
            values.append(organization.shortName, as: .shortName)
            values.append(organization.legalForm, as: .legalForm)
            values.append(organization.inn, as: .inn)
            values.append(organization.kpp, as: .kpp)
            values.append(organization.ogrn, as: .ogrn)
            for address in organization.addresses { values.append(address, as: .address) }
            for phone in organization.phones { values.append(phone, as: .phone) }
            for email in organization.emails { values.append(email, as: .email) }
            values.append(organization.website, as: .website)
            values.append(
                MemberValue(.status, raw: organization.status.rawValue, clean: organization.status.rawValue))
            owner = organization.owner
        case .person(let person):
            values.append(person.name, as: .name)
            if let birthDate = person.birthDate {
                values.append(
                    MemberValue(
                        .birthDate, raw: birthDate.raw, clean: birthDate.value?.description,
                        issues: birthDate.issues.map(\.code.rawValue)))
            }
            if let nationalID = person.nationalID {
                values.append(
                    MemberValue(
                        .nationalID, raw: nationalID.raw,
                        clean: nationalID.value.map { "\($0.kind.rawValue):\($0.value)" },
                        issues: nationalID.issues.map(\.code.rawValue)))
            }
            values.append(person.jobTitle, as: .jobTitle)
            if let reference = employer ?? person.employer?.description {
                values.append(MemberValue(.employer, raw: reference, clean: reference))
            }
            for address in person.addresses { values.append(address, as: .address) }
            for phone in person.phones { values.append(phone, as: .phone) }
            for email in person.emails { values.append(email, as: .email) }
            if let channel = person.consent?.email {
                values.append(MemberValue(.emailOptOut, channel))
            }
            if let channel = person.consent?.phone {
                values.append(MemberValue(.phoneOptOut, channel))
            }
            values.append(MemberValue(.status, raw: person.status.rawValue, clean: person.status.rawValue))
            owner = person.owner
        }
        if let owner {
            let value = "\(record.ref.source)/\(owner.id)"
            values.append(MemberValue(.owner, raw: owner.name ?? owner.id, clean: value))
        }
        self.init(
            ref: record.ref, recordID: recordID, modifiedAt: record.modifiedAt, isDeleted: record.isDeleted,
            values: values, owner: owner, facts: facts)
    }
}

extension MemberValue {
    /// A consent channel as `true` (opted out) or `false`, timed when the source says when.
    public init(_ attribute: GoldenAttribute, _ channel: Consent.Channel) {
        let text = channel.optedOut ? "true" : "false"
        self.init(attribute, raw: text, clean: text, at: channel.at)
    }
}

extension [MemberValue] {
    fileprivate mutating func append<Value: MatchKeyed>(
        _ value: AttributeValue<Value>?, as attribute: GoldenAttribute
    ) {
        guard let value else { return }
        append(
            MemberValue(
                attribute, raw: value.raw, clean: value.value?.canonical, issues: value.issues.map(\.code.rawValue)))
    }
}
