/// One standardized source record as the match engine sees it.
///
/// Values are already clean (standardizers ran before); an absent or empty list means "no evidence", never
/// "disagrees". This is the engine's own input type so the engine does not depend on how the standardizers
/// model records; an adapter maps standardized records onto it.
public struct MatchRecord: Sendable, Hashable, Codable {
    /// Stable identifier of the source record (e.g. its UUID string); used in explanations and steward decisions.
    public var id: String
    public var source: String
    public var entity: MatchEntity
    public var values: [MatchAttribute: [String]]

    public init(id: String, source: String, entity: MatchEntity, values: [MatchAttribute: [String]] = [:]) {
        self.id = id
        self.source = source
        self.entity = entity
        self.values = values
    }

    /// The non-empty values of one attribute.
    public func values(of attribute: MatchAttribute) -> [String] {
        (values[attribute] ?? []).filter { !$0.isEmpty }
    }
}
