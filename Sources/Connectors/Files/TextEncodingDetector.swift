/// Decides how the bytes of a text file are encoded from a sample of its start.
///
/// A byte-order mark wins; otherwise a sample that is valid UTF-8 is UTF-8 (pure ASCII included), and so is one
/// whose valid multi-byte sequences outnumber its invalid bytes (a UTF-8 export with one damaged value: the
/// damaged row becomes an issue, not the file). Otherwise it is windows-1251 only when most of its high bytes fall
/// where Cyrillic letters sit in that code page (0xC0–0xFF, Ё/ё at 0xA8/0xB8): binary junk or another code page is
/// refused instead of being turned into plausible-looking garbage that would land as customer names.
public enum TextEncodingDetector {
    /// The share of high bytes that must be Cyrillic letters in windows-1251 for the guess to stand.
    static let cyrillicShare = 0.8

    /// The encoding of `sample`, or `nil` when it is neither UTF-8 nor plausibly windows-1251.
    ///
    /// - Parameters:
    ///   - sample: the first bytes of the file (64 KB is plenty).
    ///   - isComplete: `true` when the sample is the whole file; otherwise a multi-byte UTF-8 sequence cut at the
    ///     end of the sample is not held against it.
    public static func detect(_ sample: some Collection<UInt8>, isComplete: Bool = false) -> TextEncodingDetection? {
        let bytes = Array(sample)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return TextEncodingDetection(encoding: .utf8, bomLength: 3, reason: "the file starts with a UTF-8 byte-order mark")
        }
        let statistics = utf8Statistics(bytes, isComplete: isComplete)
        if statistics.invalid == 0 {
            return TextEncodingDetection(encoding: .utf8, bomLength: 0, reason: "every byte sequence is valid UTF-8")
        }
        if statistics.multiByte > statistics.invalid {
            return TextEncodingDetection(
                encoding: .utf8, bomLength: 0,
                reason: "\(statistics.multiByte) valid UTF-8 multi-byte sequence(s) outnumber \(statistics.invalid) "
                    + "invalid byte(s); rows holding the invalid bytes are refused",
                isGuess: true)
        }
        var high = 0
        var cyrillic = 0
        for byte in bytes where byte >= 0x80 {
            high += 1
            if byte >= 0xC0 || byte == 0xA8 || byte == 0xB8 { cyrillic += 1 }
        }
        guard high > 0, Double(cyrillic) >= Double(high) * cyrillicShare else { return nil }
        let share = Int((Double(cyrillic) / Double(high) * 100).rounded())
        let utf8Part = statistics.multiByte == 0
            ? "none of its \(high) byte(s) above 0x7F forms a valid UTF-8 sequence"
            : "only \(statistics.multiByte) valid UTF-8 sequence(s) against \(statistics.invalid) invalid byte(s)"
        return TextEncodingDetection(
            encoding: .windows1251, bomLength: 0,
            reason: "guessed windows-1251: \(utf8Part), and \(share)% of them are Cyrillic letters in windows-1251 "
                + "(if the file was meant to be UTF-8, it is damaged)",
            isGuess: true)
    }

    /// How many valid multi-byte UTF-8 sequences and how many invalid bytes `bytes` holds.
    static func utf8Statistics(_ bytes: [UInt8], isComplete: Bool) -> (multiByte: Int, invalid: Int) {
        var multiByte = 0
        var invalid = 0
        var index = 0
        while index < bytes.count {
            switch sequence(at: index, in: bytes) {
            case .ascii: index += 1
            case .valid(let length):
                multiByte += 1
                index += length
            case .truncated:
                if isComplete { invalid += 1 }
                index = bytes.count
            case .invalid:
                invalid += 1
                index += 1
            }
        }
        return (multiByte, invalid)
    }

    /// The offset of the first byte that breaks UTF-8, or `nil` when the bytes are valid.
    ///
    /// - Parameter isComplete: when `false`, a sequence that is merely cut short by the end of `bytes` is valid.
    public static func firstInvalidUTF8Offset(in bytes: [UInt8], isComplete: Bool = true) -> Int? {
        var index = 0
        while index < bytes.count {
            switch sequence(at: index, in: bytes) {
            case .ascii: index += 1
            case .valid(let length): index += length
            case .truncated: return isComplete ? index : nil
            case .invalid: return index
            }
        }
        return nil
    }

    private enum Sequence {
        case ascii, valid(Int), truncated, invalid
    }

    /// What the UTF-8 sequence starting at `index` is (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    private static func sequence(at index: Int, in bytes: [UInt8]) -> Sequence {
        let lead = bytes[index]
        if lead < 0x80 { return .ascii }
        guard let (length, second) = UTF8Validation.leadRule(lead) else { return .invalid }
        let lowest = second.lowerBound
        let highest = second.upperBound
        for offset in 1..<length {
            guard index + offset < bytes.count else { return .truncated }
            let byte = bytes[index + offset]
            let low = offset == 1 ? lowest : 0x80
            let high = offset == 1 ? highest : 0xBF
            if byte < low || byte > high { return .invalid }
        }
        return .valid(length)
    }

    /// The 1-based line of `offset` in `bytes`, for messages that name where decoding failed.
    static func line(ofOffset offset: Int, in bytes: [UInt8], startingAt firstLine: Int = 1) -> Int {
        firstLine + bytes.prefix(offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
