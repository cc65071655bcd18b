/// The wire format family a generated source imitates; it decides field names and value conventions.
public enum GeneratedSourceKind: String, Sendable, Hashable, CaseIterable, Codable {
    case salesforce
    case hubspot
    case bitrix24
    case elma365
    /// 1C accounting (CommerceML 2 counterparties): organizations only, never persons.
    case oneC = "1c"

    /// CRMs hold both companies and contact persons; accounting holds counterparties only.
    public var holdsPersons: Bool {
        self != .oneC
    }
}
