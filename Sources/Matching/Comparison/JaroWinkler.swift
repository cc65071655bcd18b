/// Jaro-Winkler similarity on Unicode scalars.
///
/// Works on scalar buffers, never on `String` indices, so one comparison costs a couple of tight loops and no
/// allocation (the caller lends a scratch buffer). Scalars, not bytes: a Cyrillic letter is one unit, as the
/// algorithm's transposition window assumes.
public enum JaroWinkler {
    /// Standard Winkler prefix scale and maximum prefix length.
    public static let prefixScale = 0.1
    public static let maxPrefix = 4

    /// Jaro-Winkler similarity of two strings (convenience; allocates).
    public static func similarity(_ a: String, _ b: String) -> Double {
        let left = a.unicodeScalars.map(\.value)
        let right = b.unicodeScalars.map(\.value)
        var scratch: [UInt8] = []
        return left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in similarity(l, r, scratch: &scratch) }
        }
    }

    /// Jaro-Winkler similarity; `scratch` is resized as needed and can be reused across calls.
    static func similarity(
        _ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, scratch: inout [UInt8]
    ) -> Double {
        let jaro = jaroSimilarity(a, b, scratch: &scratch)
        var prefix = 0
        let limit = min(maxPrefix, a.count, b.count)
        while prefix < limit && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * prefixScale * (1 - jaro)
    }

    static func jaroSimilarity(
        _ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, scratch: inout [UInt8]
    ) -> Double {
        let lenA = a.count
        let lenB = b.count
        if lenA == 0 && lenB == 0 { return 1 }
        if lenA == 0 || lenB == 0 { return 0 }
        let window = max(0, max(lenA, lenB) / 2 - 1)
        if scratch.count < lenA + lenB { scratch = Array(repeating: 0, count: lenA + lenB) }
        return scratch.withUnsafeMutableBufferPointer { flags in
            for index in 0..<(lenA + lenB) { flags[index] = 0 }
            var matches = 0
            for i in 0..<lenA {
                let start = max(0, i - window)
                let end = min(lenB - 1, i + window)
                if start > end { continue }
                let scalar = a[i]
                for j in start...end where flags[lenA + j] == 0 && b[j] == scalar {
                    flags[i] = 1
                    flags[lenA + j] = 1
                    matches += 1
                    break
                }
            }
            if matches == 0 { return 0 }
            var transpositions = 0
            var j = 0
            for i in 0..<lenA where flags[i] != 0 {
                while flags[lenA + j] == 0 { j += 1 }
                if a[i] != b[j] { transpositions += 1 }
                j += 1
            }
            let m = Double(matches)
            return (m / Double(lenA) + m / Double(lenB) + (m - Double(transpositions / 2)) / m) / 3
        }
    }
}
