/// The records of one entity kind in columnar, interned form: the working set of blocking, scoring and
/// clustering.
///
/// A record is its index (`Int32`) into the columns. Each attribute column is CSR-shaped (`offsets` plus a flat
/// array of value ids, sorted per record) so a record costs a few bytes per value and no per-record allocation;
/// this is what keeps 1M records inside the memory budget and makes "any overlap of two value sets" a merge of
/// two short sorted integer runs.
public struct RecordTable: Sendable {
    public let entity: MatchEntity
    /// Record ids in table order.
    public internal(set) var ids: [String] = []
    var sourceIndex: [Int32] = []
    public internal(set) var sourceNames: [String] = []
    /// The attributes stored, in slot order.
    public let attributes: [MatchAttribute]
    let slotOf: [MatchAttribute: Int]
    var offsets: [[Int32]]
    var valueIDs: [[Int32]]
    public internal(set) var dictionaries: [ValueDictionary]
    /// Per slot: each value id read as a decimal number (`nan` when it is not one), for numeric-distance levels;
    /// empty for the other slots. Kept here rather than in ``ValueDictionary`` because the string metrics copy a
    /// dictionary per call, and one more array in it is one more reference count on every fuzzy comparison.
    var numbers: [[Double]]
    private let parsesNumbers: [Bool]

    /// Builds a table from the records of `entity` in `records` (others are skipped), keeping `attributes`.
    /// - Parameters:
    ///   - fuzzyAttributes: attributes whose Unicode scalars must be kept for string-similarity levels.
    ///   - dateAttributes: attributes parsed as ISO dates.
    ///   - numericAttributes: attributes parsed as decimal numbers.
    public init<S: Sequence<MatchRecord>>(
        entity: MatchEntity, attributes: [MatchAttribute], fuzzyAttributes: Set<MatchAttribute> = [],
        dateAttributes: Set<MatchAttribute> = [], numericAttributes: Set<MatchAttribute> = [], records: S
    ) {
        self.init(
            empty: entity, attributes: attributes, fuzzyAttributes: fuzzyAttributes, dateAttributes: dateAttributes,
            numericAttributes: numericAttributes)
        var scratch: [Int32] = []
        var sourceLookup: [String: Int32] = [:]
        for record in records where record.entity == entity { append(record, &scratch, &sourceLookup) }
        freeze()
    }

    /// An empty table that ``RecordTableBuilder`` fills record by record.
    init(
        empty entity: MatchEntity, attributes: [MatchAttribute], fuzzyAttributes: Set<MatchAttribute>,
        dateAttributes: Set<MatchAttribute>, numericAttributes: Set<MatchAttribute>
    ) {
        self.entity = entity
        var unique: [MatchAttribute] = []
        for attribute in attributes where !unique.contains(attribute) { unique.append(attribute) }
        self.attributes = unique
        var slots: [MatchAttribute: Int] = [:]
        for (slot, attribute) in unique.enumerated() { slots[attribute] = slot }
        slotOf = slots
        offsets = Array(repeating: [0], count: unique.count)
        valueIDs = Array(repeating: [], count: unique.count)
        dictionaries = unique.map {
            ValueDictionary(keepScalars: fuzzyAttributes.contains($0), parseDates: dateAttributes.contains($0))
        }
        numbers = Array(repeating: [], count: unique.count)
        parsesNumbers = unique.map { numericAttributes.contains($0) }
    }

    /// Appends one record of this table's entity (interning its values); `scratch` and `sourceLookup` are reused
    /// across calls.
    mutating func append(_ record: MatchRecord, _ scratch: inout [Int32], _ sourceLookup: inout [String: Int32]) {
        ids.append(record.id)
        if let index = sourceLookup[record.source] {
            sourceIndex.append(index)
        } else {
            let index = Int32(sourceNames.count)
            sourceLookup[record.source] = index
            sourceNames.append(record.source)
            sourceIndex.append(index)
        }
        for (slot, attribute) in attributes.enumerated() {
            scratch.removeAll(keepingCapacity: true)
            if let base = attribute.tokenBase {
                for value in record.values[base] ?? [] {
                    for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                        scratch.append(dictionaries[slot].intern(String(token)))
                    }
                }
            } else {
                for value in record.values[attribute] ?? [] where !value.isEmpty {
                    scratch.append(dictionaries[slot].intern(value))
                }
            }
            commit(&scratch, slot: slot)
        }
    }

    /// Ends one record's values of a slot: `scratch` (ids in the record's order) sorted, without repeats, counted.
    mutating func commit(_ scratch: inout [Int32], slot: Int) {
        Self.commit(&scratch, dictionary: &dictionaries[slot], valueIDs: &valueIDs[slot], offsets: &offsets[slot])
    }

    /// Appends a row's values to one column: sorted, each id once, counted in the dictionary.
    static func commit(
        _ scratch: inout [Int32], dictionary: inout ValueDictionary, valueIDs: inout [Int32], offsets: inout [Int32]
    ) {
        if scratch.count > 1 {
            scratch.sort()
            var write = 1
            for read in 1..<scratch.count where scratch[read] != scratch[write - 1] {
                scratch[write] = scratch[read]
                write += 1
            }
            scratch.removeLast(scratch.count - write)
        }
        for id in scratch { dictionary.counts[Int(id)] += 1 }
        if !scratch.isEmpty { dictionary.recordsWithValue += 1 }
        valueIDs.append(contentsOf: scratch)
        offsets.append(Int32(valueIDs.count))
    }

    mutating func freeze() {
        for slot in dictionaries.indices {
            if parsesNumbers[slot] { numbers[slot] = dictionaries[slot].strings.map(Self.number) }
            dictionaries[slot].freezeLookup()
        }
    }

    /// A value as a decimal number, or `nan`. A decimal comma (`1,5`) is the usual form in Russian sources;
    /// thousands separators and units are not numbers.
    static func number(_ value: String) -> Double {
        let number = Double(value) ?? Double(String(value.map { $0 == "," ? "." : $0 }))
        return number.flatMap { $0.isFinite ? $0 : nil } ?? .nan
    }

    public var count: Int { ids.count }

    /// The slot of an attribute, or `nil` when the table does not store it.
    public func slot(of attribute: MatchAttribute) -> Int? { slotOf[attribute] }

    /// Range into `valueIDs[slot]` holding the values of `record`.
    @inline(__always)
    func range(_ slot: Int, _ record: Int32) -> Range<Int> {
        offsets[slot].withUnsafeBufferPointer { Int($0[Int(record)])..<Int($0[Int(record) + 1]) }
    }

    /// Whether two records share a value of a slot; `nil` when either has none.
    func shares(_ a: Int32, _ b: Int32, _ slot: Int) -> Bool? {
        let ra = range(slot, a)
        let rb = range(slot, b)
        if ra.isEmpty || rb.isEmpty { return nil }
        let ids = valueIDs[slot]
        var i = ra.lowerBound
        var j = rb.lowerBound
        while i < ra.upperBound && j < rb.upperBound {
            if ids[i] == ids[j] { return true }
            if ids[i] < ids[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// The clean string values of one attribute of one record (for explanations and reports; not hot).
    public func values(of attribute: MatchAttribute, record: Int) -> [String] {
        guard let slot = slotOf[attribute] else { return [] }
        return range(slot, Int32(record)).map { dictionaries[slot].strings[Int(valueIDs[slot][$0])] }
    }

    /// The source name of a record.
    public func source(of record: Int) -> String { sourceNames[Int(sourceIndex[record])] }
}
