import Foundation

/// Which golden record each source record of one entity belongs to now (its open xref row), kept sorted instead
/// of hashed.
///
/// A match table's rows are in record byte order, and so are `records` here: a run finds each row's golden record
/// by one merge, not a million dictionary lookups. Golden ids are numbered oldest first, so comparing two numbers
/// is the contract's "the older id wins". At 1M records the dictionary this replaces, and the planner's own maps
/// built from it, cost a second and a half of each golden run.
public struct GoldenMembership: Sendable, Equatable {
    /// The golden ids with at least one member, oldest first (byte order); a golden record's number is its index.
    public let goldens: [UUID]
    /// The member source record ids, in byte order, each once.
    public let records: [UUID]
    /// The number of each record's golden record, parallel to `records`.
    public let goldenNumbers: [Int32]

    /// No member at all.
    public init() {
        goldens = []
        records = []
        goldenNumbers = []
    }

    /// Membership from (record, golden) pairs in any order. A record listed twice keeps the older golden id (the
    /// store has one open xref row per record, so this happens only in hand-made input).
    public init(_ pairs: [(record: UUID, golden: UUID)]) {
        self.init(keys: pairs.map { (record: $0.record.orderKey, golden: $0.golden.orderKey) })
    }

    /// Membership from a record → golden id map.
    public init(_ membership: [UUID: UUID]) {
        self.init(membership.map { (record: $0.key, golden: $0.value) })
    }

    /// Membership from the ids' byte-order keys (``Foundation/UUID/orderKey``), in any order: what a reader of
    /// packed `uuid_send` bytes has at hand.
    public init(keys: [(record: (high: UInt64, low: UInt64), golden: (high: UInt64, low: UInt64))]) {
        struct Entry {
            var recordHigh: UInt64
            var recordLow: UInt64
            var goldenHigh: UInt64
            var goldenLow: UInt64
            var number: Int32
        }
        var entries = keys.map { key in
            Entry(
                recordHigh: key.record.high, recordLow: key.record.low, goldenHigh: key.golden.high,
                goldenLow: key.golden.low, number: 0)
        }
        // Number the golden ids in byte order: sort by them. The radix sort orders the high halves; the low halves
        // matter only within a run of equal high halves (ids made in one millisecond), which a comparison sort orders.
        // Two radix sorts, low half first, cost twice as much for what these few runs need.
        RadixSort.sort(&entries) { $0.goldenHigh }
        Self.sortRuns(&entries, high: { $0.goldenHigh }, by: { $0.goldenLow < $1.goldenLow })
        var goldens: [UUID] = []
        for index in entries.indices {
            let entry = entries[index]
            if index == 0 || entry.goldenHigh != entries[index - 1].goldenHigh
                || entry.goldenLow != entries[index - 1].goldenLow
            {
                goldens.append(UUID(orderKey: (entry.goldenHigh, entry.goldenLow)))
            }
            entries[index].number = Int32(goldens.count - 1)
        }
        // Then the records in byte order, a repeated record's pairs in golden order.
        RadixSort.sort(&entries) { $0.recordHigh }
        Self.sortRuns(&entries, high: { $0.recordHigh }) {
            $0.recordLow != $1.recordLow ? $0.recordLow < $1.recordLow : $0.number < $1.number
        }
        var records: [UUID] = []
        var numbers: [Int32] = []
        records.reserveCapacity(entries.count)
        numbers.reserveCapacity(entries.count)
        var used = [Bool](repeating: false, count: goldens.count)
        for index in entries.indices {
            let entry = entries[index]
            if index > 0 && entry.recordHigh == entries[index - 1].recordHigh
                && entry.recordLow == entries[index - 1].recordLow
            {
                continue
            }
            records.append(UUID(orderKey: (entry.recordHigh, entry.recordLow)))
            numbers.append(entry.number)
            used[Int(entry.number)] = true
        }
        // A golden id whose only pairs were dropped repeats has no member: renumber without it.
        if used.contains(false) {
            var renumbered = [Int32](repeating: -1, count: goldens.count)
            var kept: [UUID] = []
            for (number, golden) in goldens.enumerated() where used[number] {
                renumbered[number] = Int32(kept.count)
                kept.append(golden)
            }
            goldens = kept
            numbers = numbers.map { renumbered[Int($0)] }
        }
        self.goldens = goldens
        self.records = records
        self.goldenNumbers = numbers
    }

    /// Sorts each run of consecutive items with equal `high` by `areInIncreasingOrder`.
    private static func sortRuns<Item>(
        _ items: inout [Item], high: (Item) -> UInt64, by areInIncreasingOrder: (Item, Item) -> Bool
    ) {
        var start = 0
        while start < items.count {
            let key = high(items[start])
            var end = start + 1
            while end < items.count && high(items[end]) == key { end += 1 }
            if end - start > 1 { items[start..<end].sort(by: areInIncreasingOrder) }
            start = end
        }
    }

    public var count: Int { records.count }
    public var isEmpty: Bool { records.isEmpty }

    /// The golden id `record` belongs to, if any.
    public subscript(record: UUID) -> UUID? {
        position(of: record).map { goldens[Int(goldenNumbers[$0])] }
    }

    /// The position of `record` in `records`, by binary search.
    public func position(of record: UUID) -> Int? {
        let low = records.firstIndex(notOlderThan: record)
        return low < records.count && records[low] == record ? low : nil
    }

    /// The position in `records` of each of `ids` (-1 for a record that has no golden record). One merge when `ids`
    /// are in byte order, as a match table's rows are; a binary search each otherwise.
    public func positions(of ids: [UUID]) -> [Int32] {
        var positions = [Int32](repeating: -1, count: ids.count)
        guard !records.isEmpty else { return positions }
        let sorted = zip(ids, ids.dropFirst()).allSatisfy { $0.isOlder(than: $1) }
        guard sorted else {
            for (index, id) in ids.enumerated() { positions[index] = position(of: id).map(Int32.init) ?? -1 }
            return positions
        }
        var at = 0
        for (index, id) in ids.enumerated() {
            while at < records.count && records[at].isOlder(than: id) { at += 1 }
            if at < records.count && records[at] == id { positions[index] = Int32(at) }
        }
        return positions
    }

    /// The members of each of `goldens` that has any, in byte order; one walk of the membership, comparing numbers.
    public func members(of goldens: Set<UUID>) -> [UUID: [UUID]] {
        var wanted = [Bool](repeating: false, count: self.goldens.count)
        for (number, golden) in self.goldens.enumerated() where goldens.contains(golden) { wanted[number] = true }
        var members: [UUID: [UUID]] = [:]
        for (position, number) in goldenNumbers.enumerated() where wanted[Int(number)] {
            members[self.goldens[Int(number)], default: []].append(records[position])
        }
        return members
    }
}

extension UUID {
    /// The id whose byte-order key (``orderKey``) this is.
    public init(orderKey: (high: UInt64, low: UInt64)) {
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes.storeBytes(of: orderKey.high.bigEndian, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: orderKey.low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        self.init(uuid: uuid)
    }
}

extension Array where Element == UUID {
    /// In ids ascending in byte order (``Foundation/UUID/isOlder(than:)``): the first index whose id is not older
    /// than `id`, where `id` is or would go. A binary search.
    public func firstIndex(notOlderThan id: UUID) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].isOlder(than: id) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension UnsafeRawBufferPointer {
    /// The byte-order key (``Foundation/UUID/orderKey``) of the id whose 16 bytes (`uuid_send`, or a `uuid_t`)
    /// start at `offset`.
    public func orderKey(at offset: Int) -> (high: UInt64, low: UInt64) {
        (UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
         UInt64(bigEndian: loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
    }

    /// The id whose 16 bytes start at `offset`.
    public func uuid(at offset: Int) -> UUID {
        UUID(orderKey: orderKey(at: offset))
    }
}
