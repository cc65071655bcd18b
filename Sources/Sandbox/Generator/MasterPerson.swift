/// The true, clean facts about one contact person; always attached to one current employer.
struct MasterPerson: Sendable {
    let organizationIndex: Int
    let ordinal: Int
    let isRussian: Bool
    let male: Bool
    let givenCyrillic: String
    let givenLatin: String
    let familyCyrillic: String
    let familyLatin: String
    /// Russian persons only.
    let patronymic: String?
    let titleIndex: Int
    /// Ten-digit mobile number without the country code.
    let mobile: String
    /// Extension on the employer's main line; nil when the person has no desk phone.
    let officeExtension: String?
    /// Local part of the company mailbox ("ivan.smirnov").
    let emailLocal: String
    /// Set for persons who give a free-mail address everywhere.
    let freeMail: String?
    /// (year, month, day) when the CRMs know it.
    let birthDate: (year: Int, month: Int, day: Int)?
    let optedOut: Bool
    /// An earlier employer whose domain may linger in stale email addresses.
    let previousEmployerIndex: Int?
    /// Held-out classes decided for the person itself (shared free-mail, namesake colleague), not per record.
    var heldOut: GeneratedErrorClasses = []

    var entityId: String {
        "P" + MasterOrganization.pad(organizationIndex, 7) + "-" + String(ordinal)
    }

    /// Given name in the person's native script.
    var nativeGiven: String { isRussian ? givenCyrillic : givenLatin }
    var nativeFamily: String { isRussian ? familyCyrillic : familyLatin }
}
