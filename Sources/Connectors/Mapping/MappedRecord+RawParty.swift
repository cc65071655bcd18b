import GoldenCore

extension MappedRecord {
    /// The record as the standardizers' raw input: canonical field texts placed into a ``RawParty``.
    ///
    /// Pure; shared by landing (`RecordPreparer`) and the match benchmark so both read a payload the same way.
    public var rawParty: RawParty {
        func all(_ field: CanonicalField) -> [String] { values[field] ?? [] }
        func one(_ field: CanonicalField) -> String? { first(field) }
        let status = one(.status).flatMap { LifecycleStatus(rawValue: $0.lowercased()) } ?? .live
        let owner = one(.owner).map { Owner(id: $0) }
        switch entity {
        case .organization:
            return .organization(
                RawOrganization(
                    legalName: one(.legalName), shortName: one(.shortName), legalForm: one(.legalForm),
                    inn: one(.inn), kpp: one(.kpp), ogrn: one(.ogrn), addresses: all(.address), phones: all(.phone),
                    emails: all(.email), website: one(.website), status: status, owner: owner))
        case .person:
            var consent: Consent?
            let emailOptOut = one(.emailOptOut).map(Self.isTruthy)
            let phoneOptOut = one(.phoneOptOut).map(Self.isTruthy)
            if emailOptOut != nil || phoneOptOut != nil {
                consent = Consent(
                    email: emailOptOut.map { Consent.Channel(optedOut: $0) },
                    phone: phoneOptOut.map { Consent.Channel(optedOut: $0) })
            }
            return .person(
                RawPerson(
                    fullName: one(.fullName), givenName: one(.givenName), middleName: one(.middleName),
                    familyName: one(.familyName), birthDate: one(.birthDate),
                    nationalIDKind: one(.nationalID) == nil
                        ? nil : nationalIDKind ?? .snils, nationalID: one(.nationalID),
                    jobTitle: one(.jobTitle), employerID: one(.employer), phones: all(.phone), emails: all(.email),
                    addresses: all(.address), consent: consent, status: status, owner: owner))
        }
    }

    /// Sources spell booleans many ways: `true`, `1`, `Y`, `да`.
    public static func isTruthy(_ text: String) -> Bool {
        ["true", "1", "y", "yes", "да", "t", "on"].contains(text.lowercased())
    }
}
