/// The identity of one record in one source system: the unit of provenance.
///
/// Every standardized value points back to the record it came from, so survivorship can explain a golden value
/// and the steward can see which CRM said what.
public struct SourceRecordRef: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The configured source name (for example `crm_a`, `acct_1c`).
    public var source: String
    /// The record's id inside that source, as the source spells it.
    public var id: String

    public init(source: String, id: String) {
        self.source = source
        self.id = id
    }

    public var description: String { "\(source)/\(id)" }
}
