/// Optimal-string-alignment (restricted Damerau-Levenshtein) distance on Unicode scalars.
///
/// Levels only ask "is the distance ≤ k" for small k, so the computation is banded to the diagonal ±k and
/// returns `k + 1` as soon as the answer is known to be "more than k": long unrelated strings (addresses) cost
/// O(n·k), not O(n·m).
public enum DamerauLevenshtein {
    /// OSA distance of two strings, capped at `limit + 1` (convenience; allocates).
    public static func distance(_ a: String, _ b: String, limit: Int = Int(Int32.max - 1)) -> Int {
        let left = a.unicodeScalars.map(\.value)
        let right = b.unicodeScalars.map(\.value)
        var scratch: [Int32] = []
        return left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in distance(l, r, limit: limit, scratch: &scratch) }
        }
    }

    static func distance(
        _ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, limit: Int, scratch: inout [Int32]
    ) -> Int {
        let lenA = a.count
        let lenB = b.count
        let k = max(0, min(limit, max(lenA, lenB)))
        if abs(lenA - lenB) > k { return k + 1 }
        if lenA == 0 || lenB == 0 { return max(lenA, lenB) }
        let width = lenB + 1
        if scratch.count < 3 * width { scratch = Array(repeating: 0, count: 3 * width) }
        let infinity = Int32(k + 1)
        return scratch.withUnsafeMutableBufferPointer { rows in
            // Three rolling rows: before-previous, previous, current.
            var older = 0
            var previous = width
            var current = 2 * width
            for j in 0...lenB { rows[previous + j] = j <= k ? Int32(j) : infinity }
            for j in 0...lenB { rows[older + j] = infinity }
            for i in 1...lenA {
                let low = max(1, i - k)
                let high = min(lenB, i + k)
                rows[current] = i <= k ? Int32(i) : infinity
                if low > 1 { rows[current + low - 1] = infinity }
                var rowMinimum = rows[current]
                let scalar = a[i - 1]
                if low <= high {
                    for j in low...high {
                        let cost: Int32 = scalar == b[j - 1] ? 0 : 1
                        var value = min(
                            rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                        if i > 1 && j > 1 && scalar == b[j - 2] && a[i - 2] == b[j - 1] {
                            value = min(value, rows[older + j - 2] + 1)
                        }
                        value = min(value, infinity)
                        rows[current + j] = value
                        rowMinimum = min(rowMinimum, value)
                    }
                }
                if high < lenB { rows[current + high + 1] = infinity }
                if rowMinimum >= infinity { return k + 1 }
                (older, previous, current) = (previous, current, older)
            }
            return Int(min(rows[previous + lenB], infinity))
        }
    }
}
