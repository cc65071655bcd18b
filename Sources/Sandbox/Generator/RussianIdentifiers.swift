/// INN, KPP and OGRN construction with correct check digits (connectors.md §6).
///
/// The generator builds identifiers from a unique body (a permutation of the entity index) plus the real
/// check digits, so every "valid" identifier passes the standard checksum and invalid ones are invalid
/// on purpose (`corrupted`).
enum RussianIdentifiers {
    private static let inn10Weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    private static let inn12Weights11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    private static let inn12Weights12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

    /// 10-digit INN of a legal entity from its first nine digits.
    static func inn10(body: String) -> String {
        precondition(body.utf8.count == 9, "INN-10 body has 9 digits")
        let digits = digitValues(body)
        return body + String(checkDigit(digits, weights: inn10Weights))
    }

    /// 12-digit INN of a person or sole trader (ИП) from its first ten digits.
    static func inn12(body: String) -> String {
        precondition(body.utf8.count == 10, "INN-12 body has 10 digits")
        var digits = digitValues(body)
        let first = checkDigit(digits, weights: inn12Weights11)
        digits.append(first)
        let second = checkDigit(digits, weights: inn12Weights12)
        return body + String(first) + String(second)
    }

    /// 13-digit OGRN from its first twelve digits: the check digit is (number mod 11) mod 10.
    static func ogrn(body: String) -> String {
        precondition(body.utf8.count == 12, "OGRN body has 12 digits")
        return body + String((UInt64(body) ?? 0) % 11 % 10)
    }

    /// 15-digit OGRNIP from its first fourteen digits: the check digit is (number mod 13) mod 10.
    static func ogrnip(body: String) -> String {
        precondition(body.utf8.count == 14, "OGRNIP body has 14 digits")
        return body + String((UInt64(body) ?? 0) % 13 % 10)
    }

    static func isValidINN(_ inn: String) -> Bool {
        let digits = digitValues(inn)
        guard digits.count == inn.utf8.count else { return false }
        if digits.count == 10 {
            return checkDigit(Array(digits[0..<9]), weights: inn10Weights) == digits[9]
        }
        if digits.count == 12 {
            return checkDigit(Array(digits[0..<10]), weights: inn12Weights11) == digits[10]
                && checkDigit(Array(digits[0..<11]), weights: inn12Weights12) == digits[11]
        }
        return false
    }

    /// The same INN with its last digit changed: a typical typing error that the checksum catches.
    static func corrupted(_ inn: String, rng: inout SplitMix64) -> String {
        var digits = digitValues(inn)
        guard let last = digits.last else { return inn }
        digits[digits.count - 1] = (last + 1 + rng.below(9)) % 10
        return digits.map(String.init).joined()
    }

    /// The same INN with one digit replaced so that the checksum still passes (held-out class `innTypoValid`), or
    /// `nil` when no single replacement does. A replacement moves the weighted sum by a non-multiple of 11, so only an
    /// INN whose check digit is 0 has one (sum ≡ 0 and ≡ 10 both give 0): about two in eleven 10-digit INNs.
    static func checksumPreservingTypo(_ inn: String, rng: inout SplitMix64) -> String? {
        let digits = digitValues(inn)
        var candidates: [String] = []
        for position in digits.indices {
            for digit in 0...9 where digit != digits[position] {
                var changed = digits
                changed[position] = digit
                let text = changed.map(String.init).joined()
                if isValidINN(text) { candidates.append(text) }
            }
        }
        return candidates.isEmpty ? nil : rng.pick(candidates)
    }

    private static func checkDigit(_ digits: [Int], weights: [Int]) -> Int {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += digit * weight }
        return sum % 11 % 10
    }

    private static func digitValues(_ text: String) -> [Int] {
        text.utf8.compactMap { byte in (48...57).contains(byte) ? Int(byte - 48) : nil }
    }
}
