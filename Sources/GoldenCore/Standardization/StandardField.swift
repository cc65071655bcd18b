/// The fields `golden standardize <field> <value>` accepts; the raw values are the CLI's spelling.
public enum StandardField: String, Sendable, Codable, Hashable, CaseIterable {
    case phone
    case email
    case personName = "person_name"
    case companyName = "company_name"
    case inn
    case kpp
    case ogrn
    case snils
    case jobTitle = "job_title"
    case address
    case website
}
