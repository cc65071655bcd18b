/// Builds a ``RecordTable`` batch by batch, for callers that produce records in parallel chunks and must not
/// hold all ``MatchRecord``s at once (1M of them cost about 1 GB; the table a small fraction of that).
///
/// Records of other entity kinds are skipped, as in `RecordTable.init`. Append order is table order.
public struct RecordTableBuilder: Sendable {
    private var table: RecordTable
    private var scratch: [Int32] = []
    private var sourceLookup: [String: Int32] = [:]

    public init(
        entity: MatchEntity, attributes: [MatchAttribute], fuzzyAttributes: Set<MatchAttribute> = [],
        dateAttributes: Set<MatchAttribute> = [], numericAttributes: Set<MatchAttribute> = []
    ) {
        table = RecordTable(
            empty: entity, attributes: attributes, fuzzyAttributes: fuzzyAttributes, dateAttributes: dateAttributes,
            numericAttributes: numericAttributes)
    }

    public var count: Int { table.count }

    public mutating func append<S: Sequence<MatchRecord>>(contentsOf records: S) {
        for record in records where record.entity == table.entity { table.append(record, &scratch, &sourceLookup) }
    }

    /// The finished table (the builder should not be used afterwards).
    public mutating func build() -> RecordTable {
        table.freeze()
        return table
    }
}
