/// Splits organization names into legal form and name, removes quotes and noise words, and builds match keys.
///
/// The legal form is recognised as whole words at either end, with or without quotes (`ООО «Ромашка»`,
/// `"Ромашка" ООО`, `Общество с ограниченной ответственностью Ромашка`, `Romashka, LLC`). The display keeps the
/// source's casing: company names are full of deliberate capitals (IBM, АВТОВАЗ).
public struct CompanyNameStandardizer: Sendable {
    public init() {}

    /// Lowercase words that carry no identity ("компания Ромашка" is Ромашка).
    static let noiseWords: Set<[UInt8]> = Set(
        [
            "компания", "компании", "группа", "гк", "фирма", "предприятие", "company", "the", "co", "group",
            "firm",
        ].map(ScalarText.lookupBytes))
    static let groupWord = ScalarText.lookupBytes("группа")
    static let companiesWord = ScalarText.lookupBytes("компаний")
    static let andWords: Set<[UInt8]> = Set(["&", "и", "and", "und"].map(ScalarText.lookupBytes))

    struct Token {
        /// Lowercase UTF-8 (ё→е).
        var lower: [UInt8]
        var range: Range<String.Index>
    }

    public func standardize(_ raw: String) -> Standardized<CompanyName> {
        var tokens = Self.tokenize(raw)
        if tokens.isEmpty { return .failure(.init("company_name.empty", "company name is empty")) }
        if tokens.count <= 6, let whole = LegalForm.byWord[Array(tokens.map(\.lower).joined(separator: [32]))] {
            return .failure(
                .init(
                    "company_name.only_legal_form",
                    "company name '\(raw)' is only a legal form (\(whole.form.abbreviation))"))
        }
        var form: LegalForm.Variant?
        if let variant = Self.leadingForm(tokens) {
            form = variant
            tokens.removeFirst(variant.tokens.count)
        } else if let variant = Self.trailingForm(tokens) {
            form = variant
            tokens.removeLast(variant.tokens.count)
        }
        if tokens.isEmpty {
            return Standardized(
                value: nil,
                issues: [.init("company_name.only_legal_form", "company name '\(raw)' is only a legal form")])
        }
        let name = Self.coreText(raw, tokens)
        var display = name
        if let form {
            if form.leads {
                display = form.quotesName
                    ? form.form.abbreviation + " «" + name + "»" : form.form.abbreviation + " " + name
            } else if Self.leadingForm(tokens, allowWhole: true) != nil {
                // "Ltd Общество с ограниченной ответственностью": moving the form to the end would let the
                // other form win when the display is read back, so it stays in front.
                display = form.form.abbreviation + " " + name
            } else {
                display = name + " " + form.form.abbreviation
            }
        }
        let keyWords = Self.keyWords(tokens)
        let company = CompanyName(
            display: display, name: name, legalForm: form?.form, nameKey: keyWords.joined(separator: " "),
            tokens: Array(Set(keyWords)).sorted())
        return Standardized(value: company)
    }

    /// A legal form written on its own (an explicit field such as Bitrix24's company type).
    public func legalForm(_ raw: String) -> Standardized<LegalForm> {
        let words = Array(Self.tokenize(raw).map(\.lower).joined(separator: [32]))
        if words.isEmpty { return .failure(.init("legal_form.empty", "legal form is empty")) }
        guard let variant = LegalForm.byWord[words] else {
            return .failure(.init("legal_form.unknown", "legal form '\(raw)' is not a known legal form"))
        }
        return Standardized(value: variant.form)
    }

    /// Words of letters and digits with their ranges; `&` is its own word; `ё` folds to `е`.
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current: [UInt8] = []
        current.reserveCapacity(24)
        var start: String.Index?
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if ScalarText.isLetter(scalar) || ScalarText.isDigit(scalar) {
                if start == nil { start = index }
                ScalarText.appendLookup(scalar, to: &current)
            } else {
                if let begin = start {
                    tokens.append(Token(lower: current, range: begin..<index))
                    current.removeAll(keepingCapacity: true)
                    start = nil
                }
                if scalar == "&" || scalar == "+" {
                    tokens.append(Token(lower: [UInt8(ascii: "&")], range: index..<scalars.index(after: index)))
                }
            }
            index = scalars.index(after: index)
        }
        if let begin = start { tokens.append(Token(lower: current, range: begin..<scalars.endIndex)) }
        return tokens
    }

    static func leadingForm(_ tokens: [Token], allowWhole: Bool = false) -> LegalForm.Variant? {
        guard let first = tokens.first, LegalForm.firstWords.contains(first.lower) else { return nil }
        for variant in LegalForm.variants
        where variant.tokens.count < tokens.count || (allowWhole && variant.tokens.count == tokens.count) {
            if zip(variant.tokens, tokens).allSatisfy({ $0 == $1.lower }) { return variant }
        }
        return nil
    }

    static func trailingForm(_ tokens: [Token]) -> LegalForm.Variant? {
        guard let last = tokens.last, LegalForm.lastWords.contains(last.lower) else { return nil }
        for variant in LegalForm.variants where variant.tokens.count < tokens.count {
            let tail = tokens.suffix(variant.tokens.count)
            if zip(variant.tokens, tail).allSatisfy({ $0 == $1.lower }) { return variant }
        }
        return nil
    }

    /// The original text spanning the remaining words, quotes removed and spaces collapsed. A dot right after a
    /// short last word (an initial or `Co.`) is kept.
    static func coreText(_ text: String, _ tokens: [Token]) -> String {
        let first = tokens[0].range.lowerBound
        var last = tokens[tokens.count - 1].range.upperBound
        let scalars = text.unicodeScalars
        if last < scalars.endIndex, scalars[last] == ".", Self.letterCount(tokens[tokens.count - 1].lower) <= 2 {
            last = scalars.index(after: last)
        }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in scalars[first..<last] {
            if ScalarText.isQuote(scalar) && scalar != "'" {
                continue
            }
            if ScalarText.isSpace(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(32) }
            pendingSpace = false
            ScalarText.appendUTF8(scalar, to: &result)
        }
        return ScalarText.string(result)
    }

    /// The number of scalars in UTF-8 bytes (continuation bytes are not counted).
    static func letterCount(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Folded Latin key words, noise removed; `&`, `and`, `и` all become `and`.
    static func keyWords(_ tokens: [Token]) -> [String] {
        var words: [String] = []
        words.reserveCapacity(tokens.count)
        var previous: [UInt8] = []
        for token in tokens {
            let lower = token.lower
            if noiseWords.contains(lower) { previous = lower; continue }
            if lower == companiesWord && previous == groupWord { continue }
            previous = lower
            if andWords.contains(lower) {
                words.append("and")
                continue
            }
            let key = Transliteration.latinKey(ScalarText.string(lower))
            if !key.isEmpty { words.append(key) }
        }
        return words
    }
}
