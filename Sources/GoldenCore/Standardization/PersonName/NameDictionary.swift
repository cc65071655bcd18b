/// Given names in both scripts with their diminutives and spelling variants.
///
/// Used to resolve diminutives (Саша → Александр, Bob → Robert), to recognise which word of a name is the given
/// name (so "Иванов Иван" is read family-first) and to give Cyrillic and Latin spellings one group key.
/// Loaded by Connectors from `mappings/name_diminutives.yaml`, whose shape is `names: [Entry]`, one to one.
public struct NameDictionary: Sendable, Decodable {
    public enum Gender: String, Sendable, Codable, Hashable {
        case male = "m"
        case female = "f"
    }

    /// One given name: its canonical Cyrillic and Latin forms and every variant in any script.
    public struct Entry: Sendable, Codable, Hashable {
        public var cyrillic: String
        public var latin: String
        public var gender: Gender?
        public var variants: [String]

        public init(cyrillic: String, latin: String, gender: Gender? = nil, variants: [String] = []) {
            self.cyrillic = cyrillic
            self.latin = latin
            self.gender = gender
            self.variants = variants
        }
    }

    /// A resolved given name.
    public struct Match: Sendable, Hashable {
        public var entry: Entry
        /// The canonical form in the script of the looked-up name (Александр for Саша, Alexander for Sasha).
        public var canonical: String
        /// A script-independent key shared by every form of the name: the folded Latin canonical.
        public var groupKey: String
    }

    public let entries: [Entry]
    /// Lookup form of every spelling → entry index.
    private let exact: ByteTable<Int>
    /// Folded Latin key → entry index, for keys compared as strings (non-ASCII keys).
    private let folded: [String: Int]
    /// The same as `folded` keyed by bytes, for ASCII keys (where byte and string equality agree).
    private let foldedBytes: ByteTable<Int>
    private let groupKeys: [String]

    /// Builds the lookup tables once. When two entries share a spelling (Саша is Александр and Александра),
    /// canonical forms beat variants and the earlier entry wins.
    public init(names: [Entry]) {
        entries = names
        var exact: [[UInt8]: Int] = [:]
        var folded: [String: Int] = [:]
        for (index, entry) in names.enumerated() {
            for form in [entry.cyrillic, entry.latin] {
                let key = NameDictionary.normalize(form)
                if exact[key] == nil { exact[key] = index }
                let fold = Transliteration.latinKey(form)
                if folded[fold] == nil { folded[fold] = index }
            }
        }
        for (index, entry) in names.enumerated() {
            for form in entry.variants {
                let key = NameDictionary.normalize(form)
                if exact[key] == nil { exact[key] = index }
                let fold = Transliteration.latinKey(form)
                if folded[fold] == nil { folded[fold] = index }
            }
        }
        self.exact = ByteTable(exact)
        self.folded = folded
        self.foldedBytes = ByteTable(folded.map { (Array($0.key.utf8), $0.value) })
        self.groupKeys = names.map { Transliteration.latinKey($0.latin) }
    }

    private enum CodingKeys: String, CodingKey { case names }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(names: try container.decode([Entry].self, forKey: .names))
    }

    /// Resolves a given name by its exact spelling, then by its folded transliteration.
    public func lookup(_ name: String) -> Match? {
        lookup(name, latinKey: nil)
    }

    /// Looks up with a precomputed folded key, saving a transliteration on the hot path.
    func lookup(_ name: String, latinKey: String?) -> Match? {
        let index = exact.value(ScalarText.lookupBytes(name)) ?? folded[latinKey ?? Transliteration.latinKey(name)]
        guard let index else { return nil }
        let entry = entries[index]
        return Match(entry: entry, canonical: canonical(index, for: name), groupKey: groupKeys[index])
    }

    /// The entry of `name`: by its exact spelling, then by its folded key (the bytes of `Transliteration.latinKey`).
    ///
    /// - Parameter lower: `name`'s lookup form when the caller already has it (`ScalarText.lookupBytes(name)`).
    func index(of name: String, lower: [UInt8]? = nil, folded key: [UInt8]) -> Int? {
        if let index = exact.value(lower ?? ScalarText.lookupBytes(name)) { return index }
        if key.allSatisfy({ $0 < 0x80 }) { return foldedBytes.value(key) }
        return folded[String(decoding: key, as: UTF8.self)]
    }

    /// The canonical form of entry `index` in the script of `name`.
    func canonical(_ index: Int, for name: String) -> String {
        let cyrillic = name.unicodeScalars.contains(where: ScalarText.isCyrillic)
        return cyrillic ? entries[index].cyrillic : entries[index].latin
    }

    /// The script-independent group key of entry `index`.
    func groupKey(_ index: Int) -> String { groupKeys[index] }

    /// `true` when the word is a known given name in any form.
    public func isGivenName(_ name: String) -> Bool {
        exact.contains(ScalarText.lookupBytes(name))
    }

    /// `isGivenName` for a word already in lookup form.
    func isGivenName(lower: [UInt8]) -> Bool {
        exact.contains(lower)
    }

    /// Lowercase UTF-8 with ё→е, the dictionary's key form.
    static func normalize(_ name: String) -> [UInt8] {
        ScalarText.lookupBytes(name)
    }
}
