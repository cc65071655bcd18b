/// Splits organization names into legal form and name, removes quotes and noise words, and builds match keys.
///
/// The legal form is recognised as whole words at either end, with or without quotes (`ООО «Ромашка»`,
/// `"Ромашка" ООО`, `Общество с ограниченной ответственностью Ромашка`, `Romashka, LLC`). The display keeps the
/// source's casing: company names are full of deliberate capitals (IBM, АВТОВАЗ).
public struct CompanyNameStandardizer: Sendable {
    public init() {}

    /// Lowercase words that carry no identity ("компания Ромашка" is Ромашка).
    static let noiseWords = ByteSet(
        [
            "компания", "компании", "группа", "гк", "фирма", "предприятие", "company", "the", "co", "group",
            "firm",
        ].map(ScalarText.lookupBytes))
    static let groupWord = ScalarText.lookupBytes("группа")
    static let companiesWord = ScalarText.lookupBytes("компаний")
    static let andWords = ByteSet(["&", "и", "and", "und"].map(ScalarText.lookupBytes))

    /// A word of the name: its lookup form is `lower[lowerStart..<lowerEnd]` of its `Tokens`, and it spans
    /// `start..<end` of the input's UTF-8.
    struct Token {
        var lowerStart: Int
        var lowerEnd: Int
        var start: Int
        var end: Int
    }

    /// The words of one name, their lookup forms back to back in one buffer.
    struct Tokens {
        /// Lowercase UTF-8 (ё→е) of every token, in stack storage (see `withTokens`).
        var lower: ByteBuffer
        var list: [Token] = []
        /// The UTF-8 offset and lookup offset where the word being read began (-1: none).
        private var start = -1
        private var lowerStart = 0

        init(lower: ByteBuffer) {
            self.lower = lower
        }

        @inline(__always)
        mutating func begin(at index: Int) {
            if start < 0 {
                start = index
                lowerStart = lower.count
            }
        }

        @inline(__always)
        mutating func end(at index: Int) {
            if start >= 0 {
                list.append(Token(lowerStart: lowerStart, lowerEnd: lower.count, start: start, end: index))
                start = -1
            }
        }

        func lowerBytes(_ token: Token) -> UnsafeBufferPointer<UInt8> { lower[token.lowerStart..<token.lowerEnd] }

        /// `true` when the token's lookup form equals `word`.
        func token(_ token: Token, equals word: [UInt8]) -> Bool {
            guard token.lowerEnd - token.lowerStart == word.count else { return false }
            var i = token.lowerStart
            for byte in word {
                if lower[i] != byte { return false }
                i += 1
            }
            return true
        }

        /// The lookup forms of `range` joined by spaces (the key of `LegalForm.byWord`).
        func joined(_ range: Range<Int>) -> [UInt8] {
            var words: [UInt8] = []
            words.reserveCapacity(lower.count + range.count)
            for index in range {
                if index > range.lowerBound { words.append(32) }
                words.append(contentsOf: lowerBytes(list[index]))
            }
            return words
        }
    }

    public func standardize(_ raw: String) -> Standardized<CompanyName> {
        ScalarText.withUTF8(raw) { utf8 in Self.withTokens(utf8) { standardize(raw, utf8: utf8, tokens: $0) } }
    }

    private func standardize(
        _ raw: String, utf8: UnsafeBufferPointer<UInt8>, tokens: Tokens
    ) -> Standardized<CompanyName> {
        if tokens.list.isEmpty { return .failure(.init("company_name.empty", "company name is empty")) }
        // A name that is only a form starts and ends with a form's words; the join is built only then.
        if tokens.list.count <= 6, LegalForm.byLastWord.value(tokens.lowerBytes(tokens.list[tokens.list.count - 1])) != nil,
            let whole = LegalForm.byWord.value(tokens.joined(tokens.list.indices)), !whole.beforePersonNameOnly
        {
            return .failure(
                .init(
                    "company_name.only_legal_form",
                    "company name '\(raw)' is only a legal form (\(whole.form.abbreviation))"))
        }
        var range = tokens.list.indices
        var form: LegalForm.Variant?
        if let variant = Self.leadingForm(tokens, range) {
            form = variant
            range = (range.lowerBound + variant.tokens.count)..<range.upperBound
        } else if let variant = Self.trailingForm(tokens, range) {
            form = variant
            range = range.lowerBound..<(range.upperBound - variant.tokens.count)
        }
        if range.isEmpty {
            return Standardized(
                value: nil,
                issues: [.init("company_name.only_legal_form", "company name '\(raw)' is only a legal form")])
        }
        let name = Self.coreText(utf8, tokens, range)
        var display = name
        if let form {
            if form.leads {
                display = form.quotesName
                    ? ScalarText.concatenate(form.form.abbreviation, " «", name, "»")
                    : ScalarText.concatenate(form.form.abbreviation, " ", name)
            } else if Self.leadingForm(tokens, range, allowWhole: true) != nil {
                // "Ltd Общество с ограниченной ответственностью": moving the form to the end would let the
                // other form win when the display is read back, so it stays in front.
                display = ScalarText.concatenate(form.form.abbreviation, " ", name)
            } else {
                display = ScalarText.concatenate(name, " ", form.form.abbreviation)
            }
        }
        let keyWords = Self.keyWords(tokens, range, raw: utf8, personName: form?.form.code == .soleTrader)
        let company = CompanyName(
            display: display, name: name, legalForm: form?.form, nameKey: ScalarText.string(keyWords.text),
            tokenText: keyWords.sortedUniqueText())
        return Standardized(value: company)
    }

    /// A legal form written on its own (an explicit field such as Bitrix24's company type).
    public func legalForm(_ raw: String) -> Standardized<LegalForm> {
        let words = ScalarText.withUTF8(raw) { utf8 in Self.withTokens(utf8) { $0.joined($0.list.indices) } }
        if words.isEmpty { return .failure(.init("legal_form.empty", "legal form is empty")) }
        guard let variant = LegalForm.byWord.value(words) else {
            return .failure(.init("legal_form.unknown", "legal form '\(raw)' is not a known legal form"))
        }
        return Standardized(value: variant.form)
    }

    /// Calls `body` with the tokens of `text`, their lookup bytes in a stack buffer: a lowercase letter is at
    /// most one and a half times as wide as its capital, so twice the input (and a little) always suffices.
    static func withTokens<Result>(_ text: UnsafeBufferPointer<UInt8>, _ body: (Tokens) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * text.count + 16) {
            body(tokenize(text, lower: ByteBuffer($0)))
        }
    }

    /// Words of letters and digits with their UTF-8 ranges; `&` (and `+`) is its own word; `ё` folds to `е`.
    static func tokenize(_ text: UnsafeBufferPointer<UInt8>, lower: ByteBuffer) -> Tokens {
        var tokens = Tokens(lower: lower)
        tokens.list.reserveCapacity(8)
        var i = 0
        while i < text.count {
            let byte = text[i]
            if byte < 0x80 {
                if (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 {
                    tokens.begin(at: i)
                    tokens.lower.append(byte &- 65 < 26 ? byte + 32 : byte)
                } else {
                    tokens.end(at: i)
                    if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "+") {
                        let at = tokens.lower.count
                        tokens.lower.append(UInt8(ascii: "&"))
                        tokens.list.append(Token(lowerStart: at, lowerEnd: at + 1, start: i, end: i + 1))
                    }
                }
                i += 1
                continue
            }
            let (value, length) = ScalarText.decode(text, at: i)
            let scalar = Unicode.Scalar(value)!
            if ScalarText.isLetter(scalar) {
                tokens.begin(at: i)
                ScalarText.appendLookup(scalar, to: &tokens.lower)
            } else {
                tokens.end(at: i)
            }
            i += length
        }
        tokens.end(at: text.count)
        return tokens
    }

    /// Words of letters and digits, as lookup-form byte arrays (for tests and tools).
    static func tokenize(_ text: String) -> [[UInt8]] {
        ScalarText.withUTF8(text) { utf8 in withTokens(utf8) { tokens in tokens.list.map { Array(tokens.lowerBytes($0)) } } }
    }

    static func leadingForm(_ tokens: Tokens, _ range: Range<Int>, allowWhole: Bool = false) -> LegalForm.Variant? {
        guard !range.isEmpty,
            let candidates = LegalForm.byFirstWord.value(tokens.lowerBytes(tokens.list[range.lowerBound]))
        else { return nil }
        for index in candidates {
            let variant = LegalForm.variants[index]
            guard variant.tokens.count < range.count || (allowWhole && variant.tokens.count == range.count) else {
                continue
            }
            var matches = true
            for (offset, word) in variant.tokens.enumerated()
            where !tokens.token(tokens.list[range.lowerBound + offset], equals: word) {
                matches = false
                break
            }
            if matches, variant.beforePersonNameOnly,
                !isRussianPersonName(tokens, (range.lowerBound + variant.tokens.count)..<range.upperBound)
            {
                continue
            }
            if matches { return variant }
        }
        return nil
    }

    static let patronymicEndings: [[UInt8]] = ["ich", "ichna", "ovna", "evna"].map { Array($0.utf8) }

    /// A family name with initials (`Zakharova Zh. M.`) or with a given name and a patronymic (`Ivanov Ivan
    /// Ivanovich`), as a sole trader's name is written in Latin.
    static func isRussianPersonName(_ tokens: Tokens, _ range: Range<Int>) -> Bool {
        guard range.count == 2 || range.count == 3 else { return false }
        let given = (range.lowerBound + 1)..<range.upperBound
        if given.allSatisfy({ tokens.list[$0].lowerEnd - tokens.list[$0].lowerStart <= 2 }) { return true }
        let last = tokens.lowerBytes(tokens.list[range.upperBound - 1])
        return patronymicEndings.contains { last.count > $0.count && last.suffix($0.count).elementsEqual($0) }
    }

    static func trailingForm(_ tokens: Tokens, _ range: Range<Int>) -> LegalForm.Variant? {
        guard !range.isEmpty,
            let candidates = LegalForm.byLastWord.value(tokens.lowerBytes(tokens.list[range.upperBound - 1]))
        else { return nil }
        for index in candidates {
            let variant = LegalForm.variants[index]
            guard variant.tokens.count < range.count, !variant.beforePersonNameOnly else { continue }
            let tail = range.upperBound - variant.tokens.count
            var matches = true
            for (offset, word) in variant.tokens.enumerated()
            where !tokens.token(tokens.list[tail + offset], equals: word) {
                matches = false
                break
            }
            if matches { return variant }
        }
        return nil
    }

    /// The original text spanning the remaining words, quotes removed and spaces collapsed. A dot right after a
    /// short last word (an initial or `Co.`) is kept.
    static func coreText(_ text: UnsafeBufferPointer<UInt8>, _ tokens: Tokens, _ range: Range<Int>) -> String {
        let first = tokens.list[range.lowerBound].start
        let lastToken = tokens.list[range.upperBound - 1]
        var last = lastToken.end
        if last < text.count, text[last] == UInt8(ascii: "."), Self.letterCount(tokens.lowerBytes(lastToken)) <= 2 {
            last += 1
        }
        // Written straight into the string: the result is never longer than the text it comes from.
        return String(utf8Capacity: last - first) { result in
            var pendingSpace = false
            var i = first
            while i < last {
                let byte = text[i]
                let length: Int
                let quote: Bool
                let space: Bool
                if byte < 0x80 {
                    length = 1
                    quote = byte == 0x22 || byte == 0x60  // ASCII quotes other than the apostrophe
                    space = byte == 32 || (byte >= 9 && byte <= 13)
                } else {
                    let decoded = ScalarText.decode(text, at: i)
                    length = decoded.length
                    let scalar = Unicode.Scalar(decoded.value)!
                    quote = ScalarText.isQuote(scalar)
                    space = ScalarText.isSpace(scalar)
                }
                if quote {
                    // A quote between two words separates them (`Рога`Копыта`): the tokens, and so the keys, are
                    // split there, so the display keeps them apart too, or the display would not standardize back
                    // to the same keys (found by fuzzing).
                    i += length
                    if let previous = result.last, previous != 32, i < last, Self.startsWord(text, at: i),
                        Self.endsWord(result.bytes)
                    {
                        pendingSpace = true
                    }
                    continue
                }
                if space {
                    pendingSpace = !result.isEmpty
                    i += length
                    continue
                }
                if pendingSpace { result.append(32) }
                pendingSpace = false
                result.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<(i + length)]))
                i += length
            }
        }
    }

    /// `true` when the scalar at `i` is a letter or a digit: a word character of `tokenize`.
    private static func startsWord(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let scalar = Unicode.Scalar(ScalarText.decode(text, at: i).value)!
        return ScalarText.isLetter(scalar) || ScalarText.isDigit(scalar)
    }

    /// `true` when the last scalar of `bytes` is a letter or a digit.
    private static func endsWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = bytes.count - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= 0 else { return false }
        return startsWord(bytes, at: start)
    }

    /// The number of scalars in UTF-8 bytes (continuation bytes are not counted).
    static func letterCount(_ bytes: some Sequence<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// The folded key words of a name, back to back: the name key is the whole text, the tokens are the words.
    struct KeyWords {
        /// The words separated by single spaces.
        var text: [UInt8] = []
        /// Each word's range in `text`.
        var words: [Range<Int>] = []

        /// The words sorted and unique, as `CompanyNameStandardizer.sortedUnique` orders strings, joined by spaces.
        ///
        /// ASCII words (the usual case: keys are transliterated) sort as bytes, which orders them exactly as `String`
        /// comparison does, and are written straight into the result; other scripts take the `String` path.
        func sortedUniqueText() -> String {
            if text.contains(where: { $0 >= 0x80 }) {
                return CompanyNameStandardizer.sortedUnique(words.map { ScalarText.string(Array(text[$0])) })
                    .joined(separator: " ")
            }
            return text.withUnsafeBufferPointer { bytes in
                var views = words.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
                return ScalarText.sortedUniqueJoined(&views)
            }
        }
    }

    /// Folded Latin key words, noise removed; `&`, `and`, `и` all become `and`, except where `и` is an initial: a
    /// sole trader's name is a person's (`ИП Иванов И. И.`), and an `И` written with a dot is an initial anywhere.
    /// Taken for "and", the initials of `ИП Иванов И. И.` never met those of `ИП Иванов Иван Иванович`.
    ///
    /// The kept words are gathered (space-separated) in a stack buffer and folded in one call: a token romanizes to
    /// one word or to nothing, and folding works word by word, so the key is the same as folding every token on
    /// its own, without a fold call's setup per word.
    static func keyWords(
        _ tokens: Tokens, _ range: Range<Int>, raw: UnsafeBufferPointer<UInt8>, personName: Bool = false
    ) -> KeyWords {
        // Read once: every access to a `static let` checks its lazy initializer.
        let noiseWords = Self.noiseWords
        let andWords = Self.andWords
        let companiesWord = Self.companiesWord
        let groupWord = Self.groupWord
        // Every kept word is at most its lookup bytes or "and" (3 bytes), plus a separator.
        let capacity = tokens.lower.count + 4 * range.count
        var builder = Transliteration.KeyBuilder()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { storage in
            var kept = ByteBuffer(storage)
            var previous: Token?
            for index in range {
                let token = tokens.list[index]
                let bytes = tokens.lowerBytes(token)
                if noiseWords.contains(bytes) { previous = token; continue }
                if tokens.token(token, equals: companiesWord), let previous,
                    tokens.token(previous, equals: groupWord)
                {
                    continue
                }
                previous = token
                if !kept.isEmpty { kept.append(32) }
                if andWords.contains(bytes), !personName, !(token.end < raw.count && raw[token.end] == 46) {
                    kept.append(contentsOf: "and".utf8)
                } else {
                    kept.append(contentsOf: bytes)
                }
            }
            builder.fold(utf8: kept.bytes)
        }
        var words = KeyWords()
        words.text = builder.key
        words.words.reserveCapacity(range.count)
        var wordStart = 0
        for (index, byte) in words.text.enumerated() where byte == 32 {
            words.words.append(wordStart..<index)
            wordStart = index + 1
        }
        if wordStart < words.text.count { words.words.append(wordStart..<words.text.count) }
        return words
    }

    /// Sorted unique words: the same as `Array(Set(words)).sorted()` without hashing.
    static func sortedUnique(_ words: [String]) -> [String] {
        if words.count < 2 { return words }
        let sorted = words.sorted()
        var result: [String] = []
        result.reserveCapacity(sorted.count)
        for word in sorted where result.last != word { result.append(word) }
        return result
    }
}
