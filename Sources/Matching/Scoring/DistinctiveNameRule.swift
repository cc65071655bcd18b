/// Name-only evidence: two records with the same distinctive name and nothing that disagrees are the same customer,
/// however little else they carry.
///
/// Fellegi-Sunter cannot reach that on its own. With term-frequency adjustment an exact name weighs log2(m / tf)
/// with tf counted over records, and the prior odds of a pair are about (k−1)/N for entities of k records, so a name
/// that c records share ends near odds m·(k−1)/c: the model cannot tell one company written c times from c
/// companies of one name, and a large customer is the least likely to link. Whether a name is distinctive is
/// therefore read from the *names*, not the records: a name holding a word that at most `rareWordNames` distinct
/// names contain ("gist brocades") is rare; a name made only of words many names use ("альянс", "строй") is not.
///
/// The rule only ever raises a decision: a pair whose `comparison` is at its first level (exact name), with no
/// comparison at its "else" level (nothing disagrees; missing values are no evidence) and no cannot-link, links when
/// the shared name is rare and goes to review at worst when it is not.
///
/// A misspelt name (`typoLevels`, the comparison's "one typo" and "sounds the same" levels) with nothing that
/// disagrees links when both names are carried by at most `typoNameRecords` records: a CRM record that names its customer and nothing else,
/// misspelt and in the other script, is the commonest way an employer is "written differently" in one source.
/// Rare *words* do not fit there: names made of common words ("ЕвроЛес-Урал") are one company's all the same. A name
/// many records carry (a common name, or a large customer's) is left to the model: its one-letter neighbours may
/// well be other companies, and the steward queue is where a large customer's stray record belongs.
public struct DistinctiveNameRule: Codable, Sendable, Hashable {
    /// The name comparison whose first level is "exact name".
    public var comparison: String
    /// The attribute holding the names (its distinct values are the names counted).
    public var attribute: MatchAttribute
    /// A word contained in at most this many distinct names makes a name rare.
    public var rareWordNames: Int
    /// The labels of the `comparison` levels that mean "the same name, misspelt" (a typo, or a Western name written
    /// in Cyrillic by ear); none (or labels the comparison does not have, after an edit of `match.yaml`) leaves
    /// misspelt names to the model.
    public var typoLevels: [String]
    /// A misspelt pair links only when neither name is carried by more records than this.
    public var typoNameRecords: Int
    /// Names with one value here are one name when the rule asks whether a misspelt record is close to two
    /// companies: a company written in Latin in one CRM and in Cyrillic by ear in another has two names that sound
    /// alike, and a record close to both meant that one company. `nil`: every distinct name counts.
    public var sameNameAttribute: MatchAttribute?

    public init(
        comparison: String, attribute: MatchAttribute, rareWordNames: Int = 2, typoLevels: [String] = [],
        typoNameRecords: Int = 10, sameNameAttribute: MatchAttribute? = nil
    ) {
        self.comparison = comparison
        self.attribute = attribute
        self.rareWordNames = rareWordNames
        self.typoLevels = typoLevels
        self.typoNameRecords = typoNameRecords
        self.sameNameAttribute = sameNameAttribute
    }

    enum CodingKeys: String, CodingKey {
        case comparison, attribute, rareWordNames, typoLevels, typoLevel, typoNameRecords, sameNameAttribute
    }

    /// Stored configurations from before `typoLevel` read as exact names only; those with one `typoLevel` as that
    /// one level.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        comparison = try container.decode(String.self, forKey: .comparison)
        attribute = try container.decode(MatchAttribute.self, forKey: .attribute)
        rareWordNames = try container.decode(Int.self, forKey: .rareWordNames)
        typoLevels = try container.decodeIfPresent([String].self, forKey: .typoLevels)
            ?? (container.decodeIfPresent(String.self, forKey: .typoLevel)).map { [$0] } ?? []
        typoNameRecords = try container.decodeIfPresent(Int.self, forKey: .typoNameRecords) ?? 10
        sameNameAttribute = try container.decodeIfPresent(MatchAttribute.self, forKey: .sameNameAttribute)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(comparison, forKey: .comparison)
        try container.encode(attribute, forKey: .attribute)
        try container.encode(rareWordNames, forKey: .rareWordNames)
        try container.encode(typoLevels, forKey: .typoLevels)
        try container.encode(typoNameRecords, forKey: .typoNameRecords)
        try container.encodeIfPresent(sameNameAttribute, forKey: .sameNameAttribute)
    }
}

/// The rule compiled against one table: which name values are rare, and where the comparison sits.
struct CompiledDistinctiveName: Sendable {
    let comparison: Int
    let slot: Int
    /// Per value id of `slot`: the name holds a rare word.
    let rare: [Bool]
    /// Per comparison: its "else" level index.
    let elseLevels: [Int8]
    /// The comparison's "misspelt name" levels (empty: exact names only), and the weakest of them.
    let typoLevels: Set<Int8>
    let typoLevel: Int8?
    let typoNameRecords: Int
    /// The table slot of ``DistinctiveNameRule/sameNameAttribute``.
    let sameNameSlot: Int?
    /// Per value id of `slot`: the name's digits in order (`ромашка 2` → `2`). Names that differ in their numbers
    /// are different companies (`Ромашка-1`, `Ромашка-2`), however close the letters.
    let numbers: [String]

    init?(_ rule: DistinctiveNameRule, table: RecordTable, comparisons: [Comparison]) {
        guard let comparison = comparisons.firstIndex(where: { $0.name == rule.comparison }),
            let slot = table.slot(of: rule.attribute)
        else { return nil }
        let names = table.dictionaries[slot].strings
        self.comparison = comparison
        self.slot = slot
        rare = Self.rareNames(names, limit: rule.rareWordNames)
        elseLevels = comparisons.map { Int8($0.levels.count) }
        typoLevels = Set(rule.typoLevels.compactMap { label in
            comparisons[comparison].levels.firstIndex { $0.label == label }.flatMap { $0 > 0 ? Int8($0) : nil }
        })
        typoLevel = typoLevels.max()
        typoNameRecords = rule.typoNameRecords
        sameNameSlot = rule.sameNameAttribute.flatMap { table.slot(of: $0) }
        numbers = typoLevel == nil ? [] : names.map(Self.numerals)
    }

    /// Per name: whether it holds a word that at most `limit` of the names hold.
    ///
    /// Every run compiles the rule for the whole table (hundreds of thousands of distinct names at 1M records), so
    /// each word is numbered once (``WordNumbers``) and the counting and the asking go by those numbers. A set of
    /// words per name, a count per word and a lookup per word again hashed every word three times as a `Substring`,
    /// whose hash normalizes non-ASCII text as it goes: 0.4 s of one core for the organizations at 1M.
    static func rareNames(_ names: [String], limit: Int) -> [Bool] {
        var numbers = WordNumbers(capacity: names.count * 2)
        // Per name, its distinct words' numbers (CSR).
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(names.count + 1)
        var words: [Int32] = []
        words.reserveCapacity(names.count * 3)
        for name in names {
            let start = words.count
            numbers.forEachWord(of: name) { id in
                // A word twice in one name is one name holding it.
                if !words[start...].contains(id) { words.append(id) }
            }
            offsets.append(Int32(words.count))
        }
        var namesHolding = Array(repeating: 0, count: numbers.count)
        for id in words { namesHolding[Int(id)] += 1 }
        return names.indices.map { name in
            words[Int(offsets[name])..<Int(offsets[name + 1])].contains { namesHolding[Int($0)] <= limit }
        }
    }

    /// A name's numeric characters in order: what `numericType != nil` keeps, without the Unicode property lookup for
    /// the scalars below U+0660, where only the ASCII digits and `¹²³¼½¾` are numeric (names are mostly Cyrillic,
    /// and the lookup per letter was most of compiling the rule).
    static func numerals(_ name: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let value = scalar.value
            let numeric: Bool
            if value < 0x80 {
                numeric = value >= 0x30 && value <= 0x39
            } else if value < 0x660 {
                numeric = value == 0xB2 || value == 0xB3 || value == 0xB9 || (value >= 0xBC && value <= 0xBE)
            } else {
                numeric = scalar.properties.numericType != nil
            }
            if numeric { kept.append(scalar) }
        }
        return String(kept)
    }

    /// A record's name for the typo part: the one fewest records carry (the lowest id on a tie), with that count.
    func name(_ record: Int32, table: RecordTable) -> (id: Int32, records: Int32) {
        let ids = table.valueIDs[slot]
        let counts = table.dictionaries[slot].counts
        var best: (id: Int32, records: Int32) = (-1, Int32.max)
        for index in table.range(slot, record) {
            let id = ids[index]
            if counts[Int(id)] < best.records || (counts[Int(id)] == best.records && id < best.id) {
                best = (id, counts[Int(id)])
            }
        }
        return best
    }

    /// Per record: as close (the typo level or better) to two different names with its numbers. Such a record is
    /// one typo from two companies, and which one it meant is the steward's call, not the rule's.
    ///
    /// - Parameter offset: where the name comparison's level sits in each pair's row of `levels` (the comparison's
    ///   index when the rows hold every comparison).
    func ambiguousRecords(
        pairs: CandidatePairs, levels: [Int8], width: Int, offset: Int? = nil, table: RecordTable
    ) -> [Bool] {
        guard let typoLevel else { return [] }
        let offset = offset ?? comparison
        // A partner's name as the ambiguity counts it: its same-name value (≥ 0), else its own name (≤ −2).
        func identity(_ record: Int32, name: Int32) -> Int64 {
            if let sameNameSlot, let first = table.range(sameNameSlot, record).first {
                return Int64(table.valueIDs[sameNameSlot][first])
            }
            return -Int64(name) - 2
        }
        let unknown = Int64.min
        var partnerName = Array(repeating: unknown, count: table.count)
        var ambiguous = Array(repeating: false, count: table.count)
        // Level -1 is a missing name: no evidence, and no name to count.
        for index in 0..<pairs.count where (0...typoLevel).contains(levels[index * width + offset]) {
            let (a, b) = (pairs.left[index], pairs.right[index])
            let (nameA, nameB) = (name(a, table: table).id, name(b, table: table).id)
            // Another number is another company, not a second candidate for the typo.
            guard nameA >= 0, nameB >= 0, numbers[Int(nameA)] == numbers[Int(nameB)] else { continue }
            for (record, other) in [(a, identity(b, name: nameB)), (b, identity(a, name: nameA))] {
                let known = partnerName[Int(record)]
                if known == unknown {
                    partnerName[Int(record)] = other
                } else if known != other {
                    ambiguous[Int(record)] = true
                }
            }
        }
        return ambiguous
    }

    /// The decision the rule gives the pair, or `nil` when it does not apply.
    ///
    /// - Parameter ambiguous: ``ambiguousRecords(pairs:levels:width:offset:table:)``; a misspelt pair whose misspelt side
    ///   (the record whose name fewer records carry; both on a tie) is ambiguous is left to the model.
    func decision(
        levels: ArraySlice<Int8>, a: Int32, b: Int32, table: RecordTable, ambiguous: [Bool] = []
    ) -> MatchDecision? {
        let nameLevel = levels[levels.startIndex + comparison]
        guard nameLevel == 0 || typoLevels.contains(nameLevel) else { return nil }
        for (offset, level) in levels.enumerated() where level == elseLevels[offset] { return nil }
        let ra = table.range(slot, a)
        let rb = table.range(slot, b)
        let ids = table.valueIDs[slot]
        if nameLevel != 0 {
            // Each record by its least carried name (a record may hold a legal and a short name); a typo is in the
            // letters: names with other numbers are other companies.
            let (nameA, nameB) = (name(a, table: table), name(b, table: table))
            guard max(nameA.records, nameB.records) <= typoNameRecords,
                numbers[Int(nameA.id)] == numbers[Int(nameB.id)],
                !(nameA.records <= nameB.records && ambiguous[Int(a)]),
                !(nameB.records <= nameA.records && ambiguous[Int(b)])
            else { return nil }
            return .link
        }
        var i = ra.lowerBound
        var j = rb.lowerBound
        while i < ra.upperBound && j < rb.upperBound {
            if ids[i] == ids[j] {
                if rare[Int(ids[i])] { return .link }
                i += 1
                j += 1
            } else if ids[i] < ids[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return .review
    }
}
