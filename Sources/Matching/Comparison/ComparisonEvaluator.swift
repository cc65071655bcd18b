/// Comparisons compiled against one record table: attribute names resolved to slots once, so evaluating a pair
/// is integer work on the table's flat arrays with no dictionary lookup and no allocation.
struct ComparisonEvaluator: Sendable {
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

    struct Compiled: Sendable {
        var nullSlot: Int
        var levels: [Level]
    }

    /// Reusable buffers for the string metrics; one per worker.
    struct Scratch {
        var jaro: [UInt8] = []
        var edit: [Int32] = []
    }

    let table: RecordTable
    let comparisons: [Compiled]

    init(table: RecordTable, comparisons: [Comparison]) {
        self.table = table
        self.comparisons = comparisons.map { comparison in
            func slot(_ attribute: MatchAttribute) -> Int {
                guard let slot = table.slot(of: attribute) else {
                    preconditionFailure("attribute \(attribute) of comparison \(comparison.name) is not in the table")
                }
                return slot
            }
            return Compiled(
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
    }

    /// Level index of comparison `c` for the pair, or -1 when null; `matched` receives the shared value id of an
    /// exact hit (the rarest one, for term-frequency adjustment) or -1.
    func level(_ c: Int, _ a: Int32, _ b: Int32, matched: inout Int32, scratch: inout Scratch) -> Int8 {
        let compiled = comparisons[c]
        matched = -1
        if table.range(compiled.nullSlot, a).isEmpty || table.range(compiled.nullSlot, b).isEmpty { return -1 }
        var cachedJaroSlot = -1
        var cachedJaro = 0.0
        for (index, level) in compiled.levels.enumerated() {
            let ra = table.range(level.slot, a)
            let rb = table.range(level.slot, b)
            if ra.isEmpty || rb.isEmpty { continue }
            let hit: Bool
            switch level.kind {
            case .exact:
                let shared = rarestShared(level.slot, ra, rb)
                hit = shared >= 0
                if hit { matched = shared }
            case .jaroWinkler(let threshold):
                if cachedJaroSlot != level.slot {
                    cachedJaro = bestJaroWinkler(level.slot, ra, rb, scratch: &scratch)
                    cachedJaroSlot = level.slot
                }
                hit = cachedJaro >= threshold
            case .damerauLevenshtein(let k):
                hit = withinEditDistance(level.slot, ra, rb, k, scratch: &scratch)
            case .tokenOverlap(let threshold):
                let shared = sharedCount(level.slot, ra, rb)
                hit = Double(shared) >= threshold * Double(min(ra.count, rb.count)) && shared > 0
            case .initialOf:
                hit = initialMatches(level.slot, ra, rb)
            case .dateWithin(let days):
                hit = datesWithin(level.slot, ra, rb, days)
            case .dateSwapped:
                hit = datesSwapped(level.slot, ra, rb)
            case .numericWithin(let limit):
                hit = numbersWithin(level.slot, ra, rb, limit)
            }
            if hit { return Int8(index) }
        }
        return Int8(compiled.levels.count)
    }

    private func rarestShared(_ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>) -> Int32 {
        // `counts` is borrowed once per walk, not reached through the table's array of dictionaries at every shared
        // value: perf put a third of a 1M-record run's scoring samples in this walk.
        table.dictionaries[slot].counts.withUnsafeBufferPointer { counts in
            table.valueIDs[slot].withUnsafeBufferPointer { ids in
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
        }
    }

    private func sharedCount(_ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>) -> Int {
        table.valueIDs[slot].withUnsafeBufferPointer { ids in
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
    }

    private func bestJaroWinkler(_ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>, scratch: inout Scratch) -> Double {
        let dictionary = table.dictionaries[slot]
        let ids = table.valueIDs[slot]
        var best = 0.0
        dictionary.scalars.withUnsafeBufferPointer { scalars in
            for i in ra {
                let left = UnsafeBufferPointer(rebasing: scalars[dictionary.scalarRange(ids[i])])
                for j in rb {
                    if ids[i] == ids[j] { best = 1; return }
                    let right = UnsafeBufferPointer(rebasing: scalars[dictionary.scalarRange(ids[j])])
                    best = max(best, JaroWinkler.similarity(left, right, scratch: &scratch.jaro))
                }
            }
        }
        return best
    }

    private func withinEditDistance(
        _ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>, _ k: Int, scratch: inout Scratch
    ) -> Bool {
        let dictionary = table.dictionaries[slot]
        let ids = table.valueIDs[slot]
        return dictionary.scalars.withUnsafeBufferPointer { scalars in
            for i in ra {
                let left = UnsafeBufferPointer(rebasing: scalars[dictionary.scalarRange(ids[i])])
                for j in rb {
                    if ids[i] == ids[j] { return true }
                    let right = UnsafeBufferPointer(rebasing: scalars[dictionary.scalarRange(ids[j])])
                    if DamerauLevenshtein.distance(left, right, limit: k, scratch: &scratch.edit) <= k { return true }
                }
            }
            return false
        }
    }

    private func initialMatches(_ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>) -> Bool {
        let dictionary = table.dictionaries[slot]
        let ids = table.valueIDs[slot]
        for i in ra {
            let left = dictionary.scalarRange(ids[i])
            for j in rb {
                let right = dictionary.scalarRange(ids[j])
                guard !left.isEmpty, !right.isEmpty, left.count == 1 || right.count == 1 else { continue }
                if dictionary.scalars[left.lowerBound] == dictionary.scalars[right.lowerBound] { return true }
            }
        }
        return false
    }

    private func datesWithin(_ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>, _ days: Int32) -> Bool {
        let dictionary = table.dictionaries[slot]
        let ids = table.valueIDs[slot]
        for i in ra {
            let x = dictionary.days[Int(ids[i])]
            if x == Int32.min { continue }
            for j in rb {
                let y = dictionary.days[Int(ids[j])]
                if y != Int32.min && abs(x - y) <= days { return true }
            }
        }
        return false
    }

    private func datesSwapped(_ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>) -> Bool {
        let dictionary = table.dictionaries[slot]
        let ids = table.valueIDs[slot]
        for i in ra {
            for j in rb where CalendarDay.isDayMonthSwap(dictionary.ymd[Int(ids[i])], dictionary.ymd[Int(ids[j])]) {
                return true
            }
        }
        return false
    }

    private func numbersWithin(_ slot: Int, _ ra: Range<Int>, _ rb: Range<Int>, _ limit: Double) -> Bool {
        let numbers = table.numbers[slot]
        let ids = table.valueIDs[slot]
        for i in ra {
            let x = numbers[Int(ids[i])]
            if x.isNaN { continue }
            for j in rb {
                let y = numbers[Int(ids[j])]
                if !y.isNaN && abs(x - y) <= limit { return true }
            }
        }
        return false
    }
}
