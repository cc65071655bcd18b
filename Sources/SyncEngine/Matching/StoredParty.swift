import Foundation
import GoldenCore

/// Reads the stored attributes JSON (`Party.storedJSON`) back into the raw strings the standardizers take.
///
/// Matching landed records standardizes their raw values again rather than trusting stored keys: the standardizers
/// are deterministic, and a dictionary or standardizer improvement then applies to every record at the next match.
enum StoredParty {
    static func rawParty(fromJSON text: String) -> RawParty? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return nil
        }
        func raw(_ key: String) -> String? { (object[key] as? [String: Any])?["raw"] as? String }
        func raws(_ key: String) -> [String] {
            (object[key] as? [[String: Any]])?.compactMap { $0["raw"] as? String } ?? []
        }
        let status = (object["status"] as? String).flatMap(LifecycleStatus.init(rawValue:)) ?? .live
        let owner = (object["owner"] as? String).map { Owner(id: $0) }
        switch object["kind"] as? String {
        case "organization":
            return .organization(
                RawOrganization(
                    legalName: raw("legal_name"), shortName: raw("short_name"), inn: raw("inn"), kpp: raw("kpp"),
                    ogrn: raw("ogrn"), addresses: raws("addresses"), phones: raws("phones"), emails: raws("emails"),
                    website: raw("website"), status: status, owner: owner))
        case "person":
            let parts = object["name_parts"] as? [String: Any]
            var consent: Consent?
            if let stored = object["consent"] as? [String: Any] {
                consent = Consent(
                    email: (stored["email_opt_out"] as? Bool).map { Consent.Channel(optedOut: $0) },
                    phone: (stored["phone_opt_out"] as? Bool).map { Consent.Channel(optedOut: $0) })
            }
            let nationalID = raw("national_id")
            return .person(
                RawPerson(
                    fullName: parts == nil ? raw("name") : nil,
                    givenName: parts?["given"] as? String, middleName: parts?["middle"] as? String,
                    familyName: parts?["family"] as? String, birthDate: raw("birth_date"),
                    nationalIDKind: nationalID == nil ? nil : .snils, nationalID: nationalID,
                    jobTitle: raw("job_title"), employerID: object["employer"] as? String, phones: raws("phones"),
                    emails: raws("emails"), addresses: raws("addresses"), consent: consent, status: status,
                    owner: owner))
        default:
            return nil
        }
    }
}
