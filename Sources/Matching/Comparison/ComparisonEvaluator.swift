/// Comparisons compiled against one record table: attribute names resolved to slots once, so evaluating a pair
/// is integer work on flat arrays with no dictionary lookup, no allocation and no reference counting.
///
/// Scoring evaluates every comparison of millions of pairs, and two things made that slow at 1M records:
/// - reached through the table's nested arrays (`valueIDs[slot]`, `dictionaries[slot].scalars`), each call retained and
///   released every array it touched (a fifth of scoring's samples);
/// - pairs come sorted by their left record, so the right one is anywhere in the table, and its values were spread
///   over one offsets and one ids array per attribute: a cache miss per attribute per pair (perf put most samples of
///   the level and rarest-value walks on the instruction after those loads).
/// The evaluator therefore reads a copy of the values its comparisons use laid out a record at a time (``Storage``):
/// one record's ids for every compared attribute sit together, so a pair costs a miss or two per record, not one per
/// attribute. The copy is made once when the evaluator is built, never changes, and is read through plain pointers.
struct ComparisonEvaluator: @unchecked Sendable {
    enum Kind: Sendable {
        case exact
        case jaroWinkler(Double)
        case damerauLevenshtein(Int)
        case tokenOverlap(Double)
        case initialOf
        case dateWithin(Int32)
        case dateSwapped
        case numericWithin(Double)
    }

    struct Level: Sendable {
        var slot: Int
        var kind: Kind
    }

    /// One comparison: the slot whose absence makes it null, and its levels in ``Storage/levels``.
    struct Compiled: Sendable {
        var nullSlot: Int
        var levels: Range<Int>
    }

    /// Per-value data of one slot, copied from the table's dictionary (empty for slots no comparison reads).
    struct Column {
        /// Records per value id, for the rarest shared value of an exact level.
        var counts = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
        var scalarOffsets = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
        var scalars = UnsafeMutableBufferPointer<UInt32>(start: nil, count: 0)
        var days = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
        var ymd = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
        var numbers = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)

        @inline(__always)
        func scalars(of id: Int32) -> UnsafeBufferPointer<UInt32> {
            UnsafeBufferPointer(
                rebasing: scalars[Int(scalarOffsets[Int(id)])..<Int(scalarOffsets[Int(id) + 1])])
        }
    }

    /// Owns the copied columns and the compiled levels; immutable once built, which is what makes the evaluator's
    /// unchecked sendability sound.
    final class Storage {
        let columns: UnsafeMutableBufferPointer<Column>
        let levels: UnsafeMutableBufferPointer<Level>
        let comparisons: UnsafeMutableBufferPointer<Compiled>
        /// Each record's values of the compared slots, a record at a time: `used` cumulative value counts, then the
        /// value ids of the first used slot, the second, … (each slot's ids sorted, as in the table).
        let cells: UnsafeMutableBufferPointer<Int32>
        /// Where each record's part of `cells` starts.
        let rowStart: UnsafeMutableBufferPointer<Int>
        /// The compared slots; a ``Level``'s and a ``Compiled``'s slot is a position in this list.
        let used: Int

        init(table: RecordTable, comparisons compiled: [(nullSlot: Int, levels: [Level])]) {
            var slots: [Int] = []
            for comparison in compiled {
                for slot in [comparison.nullSlot] + comparison.levels.map(\.slot) where !slots.contains(slot) {
                    slots.append(slot)
                }
            }
            used = slots.count
            columns = .allocate(capacity: slots.count)
            for (position, slot) in slots.enumerated() {
                let dictionary = table.dictionaries[slot]
                columns.baseAddress!.advanced(by: position).initialize(
                    to: Column(
                        counts: Self.copy(dictionary.counts), scalarOffsets: Self.copy(dictionary.scalarOffsets),
                        scalars: Self.copy(dictionary.scalars), days: Self.copy(dictionary.days),
                        ymd: Self.copy(dictionary.ymd), numbers: Self.copy(table.numbers[slot])))
            }
            // Filled a slot at a time (each table column read in order), each record's part in place.
            let records = table.count
            let rowStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: records + 1)
            let cells = UnsafeMutableBufferPointer<Int32>.allocate(
                capacity: records * slots.count + slots.reduce(0) { $0 + table.valueIDs[$1].count })
            var length = [Int](repeating: slots.count, count: records)
            for slot in slots {
                table.offsets[slot].withUnsafeBufferPointer { offsets in
                    for record in 0..<records { length[record] += Int(offsets[record + 1] - offsets[record]) }
                }
            }
            var end = 0
            for record in 0..<records {
                rowStart[record] = end
                end += length[record]
            }
            rowStart[records] = end
            for (position, slot) in slots.enumerated() {
                table.offsets[slot].withUnsafeBufferPointer { offsets in
                    table.valueIDs[slot].withUnsafeBufferPointer { ids in
                        for record in 0..<records {
                            // The header's previous count is how many values this row holds so far.
                            let row = rowStart[record]
                            let before = position == 0 ? 0 : Int(cells[row + position - 1])
                            var cursor = row + slots.count + before
                            for index in Int(offsets[record])..<Int(offsets[record + 1]) {
                                cells[cursor] = ids[index]
                                cursor += 1
                            }
                            cells[row + position] = Int32(cursor - row - slots.count)
                        }
                    }
                }
            }
            self.rowStart = rowStart
            self.cells = cells
            let local = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1, $0) })
            let compiled = compiled.map { comparison in
                (
                    nullSlot: local[comparison.nullSlot]!,
                    levels: comparison.levels.map { Level(slot: local[$0.slot]!, kind: $0.kind) }
                )
            }
            levels = .allocate(capacity: compiled.reduce(0) { $0 + $1.levels.count })
            comparisons = .allocate(capacity: compiled.count)
            var next = 0
            for (c, comparison) in compiled.enumerated() {
                for level in comparison.levels {
                    levels.baseAddress!.advanced(by: next).initialize(to: level)
                    next += 1
                }
                comparisons.baseAddress!.advanced(by: c).initialize(
                    to: Compiled(nullSlot: comparison.nullSlot, levels: (next - comparison.levels.count)..<next))
            }
        }

        deinit {
            cells.deallocate()
            rowStart.deallocate()
            for column in columns {
                column.counts.deallocate()
                column.scalarOffsets.deallocate()
                column.scalars.deallocate()
                column.days.deallocate()
                column.ymd.deallocate()
                column.numbers.deallocate()
            }
            columns.deallocate()
            levels.deallocate()
            comparisons.deallocate()
        }

        private static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
            _ = buffer.initialize(from: array)
            return buffer
        }
    }

    /// Reusable buffers for the string metrics; one per worker.
    struct Scratch {
        var jaro: [UInt8] = []
        var edit: [Int32] = []
    }

    let table: RecordTable
    private let storage: Storage
    private let columns: UnsafeMutableBufferPointer<Column>
    private let levels: UnsafeMutableBufferPointer<Level>
    private let comparisons: UnsafeMutableBufferPointer<Compiled>
    private let ids: UnsafeMutableBufferPointer<Int32>
    private let rowStart: UnsafeMutableBufferPointer<Int>
    private let used: Int

    init(table: RecordTable, comparisons: [Comparison]) {
        self.table = table
        let compiled = comparisons.map { comparison in
            func slot(_ attribute: MatchAttribute) -> Int {
                guard let slot = table.slot(of: attribute) else {
                    preconditionFailure("attribute \(attribute) of comparison \(comparison.name) is not in the table")
                }
                return slot
            }
            return (
                nullSlot: slot(comparison.nullAttribute),
                levels: comparison.levels.map { level in
                    let kind: Kind
                    switch level.rule {
                    case .exact: kind = .exact
                    case .jaroWinkler(_, let threshold): kind = .jaroWinkler(threshold)
                    case .damerauLevenshtein(_, let k): kind = .damerauLevenshtein(k)
                    case .tokenOverlap(_, let threshold): kind = .tokenOverlap(threshold)
                    case .initialOf: kind = .initialOf
                    case .dateWithin(_, let days): kind = .dateWithin(Int32(days))
                    case .dateSwappedDayMonth: kind = .dateSwapped
                    case .numericWithin(_, let limit): kind = .numericWithin(limit)
                    }
                    return Level(slot: slot(level.rule.attribute), kind: kind)
                })
        }
        storage = Storage(table: table, comparisons: compiled)
        columns = storage.columns
        levels = storage.levels
        self.comparisons = storage.comparisons
        ids = storage.cells
        rowStart = storage.rowStart
        used = storage.used
    }

    /// Where `record`'s ids of compared slot `slot` lie in `ids`.
    @inline(__always)
    private func range(_ slot: Int, _ record: Int32) -> Range<Int> {
        let row = rowStart[Int(record)]
        let values = row + used
        return (slot == 0 ? values : values + Int(ids[row + slot - 1]))..<(values + Int(ids[row + slot]))
    }

    /// Level index of comparison `c` for the pair, or -1 when null; `matched` receives the shared value id of an
    /// exact hit (the rarest one, for term-frequency adjustment) or -1.
    ///
    /// - Parameter limit: the last level worth telling apart; a pair past it gets the "else" level without the
    ///   costlier levels being tried (the distinctive-name rule's ambiguity reads only the name's first levels).
    func level(
        _ c: Int, _ a: Int32, _ b: Int32, matched: inout Int32, scratch: inout Scratch, through limit: Int8 = .max
    ) -> Int8 {
        let compiled = comparisons[c]
        matched = -1
        if range(compiled.nullSlot, a).isEmpty || range(compiled.nullSlot, b).isEmpty { return -1 }
        var cachedJaroSlot = -1
        var cachedJaro = 0.0
        let last = min(compiled.levels.upperBound, compiled.levels.lowerBound + Int(limit) + 1)
        for index in compiled.levels.lowerBound..<last {
            let level = levels[index]
            let column = columns[level.slot]
            let ra = range(level.slot, a)
            let rb = range(level.slot, b)
            if ra.isEmpty || rb.isEmpty { continue }
            let hit: Bool
            switch level.kind {
            case .exact:
                let shared = rarestShared(column, ra, rb)
                hit = shared >= 0
                if hit { matched = shared }
            case .jaroWinkler(let threshold):
                if cachedJaroSlot != level.slot {
                    cachedJaro = bestJaroWinkler(column, ra, rb, scratch: &scratch)
                    cachedJaroSlot = level.slot
                }
                hit = cachedJaro >= threshold
            case .damerauLevenshtein(let k):
                hit = withinEditDistance(column, ra, rb, k, scratch: &scratch)
            case .tokenOverlap(let threshold):
                let shared = sharedCount(column, ra, rb)
                hit = Double(shared) >= threshold * Double(min(ra.count, rb.count)) && shared > 0
            case .initialOf:
                hit = initialMatches(column, ra, rb)
            case .dateWithin(let days):
                hit = datesWithin(column, ra, rb, days)
            case .dateSwapped:
                hit = datesSwapped(column, ra, rb)
            case .numericWithin(let limit):
                hit = numbersWithin(column, ra, rb, limit)
            }
            if hit { return Int8(index - compiled.levels.lowerBound) }
        }
        return Int8(compiled.levels.count)
    }

    /// The shared value fewest records carry, or -1. Values are sorted per record, so this is a merge of two short
    /// runs; when either side has one value at most one is shared and no count is read.
    private func rarestShared(_ column: Column, _ ra: Range<Int>, _ rb: Range<Int>) -> Int32 {
        let ids = self.ids
        if ra.count == 1 || rb.count == 1 {
            let (single, other) = ra.count == 1 ? (ids[ra.lowerBound], rb) : (ids[rb.lowerBound], ra)
            for index in other where ids[index] >= single { return ids[index] == single ? single : -1 }
            return -1
        }
        let counts = column.counts
        var i = ra.lowerBound
        var j = rb.lowerBound
        var best: Int32 = -1
        var bestCount = Int32.max
        while i < ra.upperBound && j < rb.upperBound {
            let x = ids[i]
            let y = ids[j]
            if x == y {
                let count = counts[Int(x)]
                if count < bestCount {
                    best = x
                    bestCount = count
                }
                i += 1
                j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return best
    }

    private func sharedCount(_ column: Column, _ ra: Range<Int>, _ rb: Range<Int>) -> Int {
        let ids = self.ids
        var i = ra.lowerBound
        var j = rb.lowerBound
        var shared = 0
        while i < ra.upperBound && j < rb.upperBound {
            if ids[i] == ids[j] {
                shared += 1
                i += 1
                j += 1
            } else if ids[i] < ids[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    private func bestJaroWinkler(_ column: Column, _ ra: Range<Int>, _ rb: Range<Int>, scratch: inout Scratch) -> Double {
        let ids = self.ids
        var best = 0.0
        for i in ra {
            let left = column.scalars(of: ids[i])
            for j in rb {
                if ids[i] == ids[j] { return 1 }
                best = max(best, JaroWinkler.similarity(left, column.scalars(of: ids[j]), scratch: &scratch.jaro))
            }
        }
        return best
    }

    private func withinEditDistance(
        _ column: Column, _ ra: Range<Int>, _ rb: Range<Int>, _ k: Int, scratch: inout Scratch
    ) -> Bool {
        let ids = self.ids
        for i in ra {
            let left = column.scalars(of: ids[i])
            for j in rb {
                if ids[i] == ids[j] { return true }
                if DamerauLevenshtein.distance(left, column.scalars(of: ids[j]), limit: k, scratch: &scratch.edit) <= k {
                    return true
                }
            }
        }
        return false
    }

    private func initialMatches(_ column: Column, _ ra: Range<Int>, _ rb: Range<Int>) -> Bool {
        let ids = self.ids
        for i in ra {
            let left = column.scalars(of: ids[i])
            for j in rb {
                let right = column.scalars(of: ids[j])
                guard !left.isEmpty, !right.isEmpty, left.count == 1 || right.count == 1 else { continue }
                if left[0] == right[0] { return true }
            }
        }
        return false
    }

    private func datesWithin(_ column: Column, _ ra: Range<Int>, _ rb: Range<Int>, _ days: Int32) -> Bool {
        let ids = self.ids
        for i in ra {
            let x = column.days[Int(ids[i])]
            if x == Int32.min { continue }
            for j in rb {
                let y = column.days[Int(ids[j])]
                if y != Int32.min && abs(x - y) <= days { return true }
            }
        }
        return false
    }

    private func datesSwapped(_ column: Column, _ ra: Range<Int>, _ rb: Range<Int>) -> Bool {
        let ids = self.ids
        for i in ra {
            for j in rb where CalendarDay.isDayMonthSwap(column.ymd[Int(ids[i])], column.ymd[Int(ids[j])]) {
                return true
            }
        }
        return false
    }

    private func numbersWithin(_ column: Column, _ ra: Range<Int>, _ rb: Range<Int>, _ limit: Double) -> Bool {
        let ids = self.ids
        for i in ra {
            let x = column.numbers[Int(ids[i])]
            if x.isNaN { continue }
            for j in rb {
                let y = column.numbers[Int(ids[j])]
                if !y.isNaN && abs(x - y) <= limit { return true }
            }
        }
        return false
    }
}
