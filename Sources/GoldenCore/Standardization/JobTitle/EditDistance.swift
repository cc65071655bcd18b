/// Damerau–Levenshtein distance (optimal string alignment variant) with an early cut-off.
///
/// Adjacent transpositions count as one edit because they are the commonest typing slip ("dierctor").
enum EditDistance {
    /// The distance between `a` and `b`, or `nil` as soon as it must exceed `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        let n = a.count
        let m = b.count
        if abs(n - m) > limit { return nil }
        if n == 0 { return m }
        if m == 0 { return n }
        var previousPrevious = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            var rowMinimum = i
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            swap(&previousPrevious, &previous)
            swap(&previous, &current)
        }
        return previous[m] <= limit ? previous[m] : nil
    }

    /// Three reusable rows for many distances against one string (no allocation per pair).
    struct Rows {
        private var storage: [Int]
        private let columns: Int

        /// - Parameter columns: At least the longer string's length + 1.
        init(columns: Int) {
            self.columns = columns
            storage = [Int](repeating: 0, count: columns * 3)
        }

        /// The same result as `EditDistance.distance(_:_:limit:)` on scalar values.
        mutating func distance(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, limit: Int) -> Int? {
            let n = a.count
            let m = b.count
            if abs(n - m) > limit { return nil }
            if n == 0 { return m }
            if m == 0 { return n }
            precondition(m < columns)
            let columns = columns
            return storage.withUnsafeMutableBufferPointer { buffer -> Int? in
                var previousPrevious = buffer.baseAddress!
                var previous = previousPrevious + columns
                var current = previous + columns
                for j in 0...m { previous[j] = j }
                for i in 1...n {
                    current[0] = i
                    var rowMinimum = i
                    let ai = a[i - 1]
                    for j in 1...m {
                        let cost = ai == b[j - 1] ? 0 : 1
                        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                        if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == b[j - 1] {
                            value = min(value, previousPrevious[j - 2] + 1)
                        }
                        current[j] = value
                        rowMinimum = min(rowMinimum, value)
                    }
                    if rowMinimum > limit { return nil }
                    let oldPreviousPrevious = previousPrevious
                    previousPrevious = previous
                    previous = current
                    current = oldPreviousPrevious
                }
                return previous[m] <= limit ? previous[m] : nil
            }
        }
    }
}
