extension EntityConfiguration {
    /// Organizations: identifiers first (INN, phone, domain), then name keys within a city.
    public static let organization = EntityConfiguration(
        entity: .organization,
        blockingRules: [
            BlockingRule([.inn]),
            BlockingRule([.phone], maxBlockSize: 50),
            BlockingRule([.emailDomain], maxBlockSize: 50),
            // A name shared by more than 100 records (a large customer, or a common name) is compared within each
            // city instead of not at all.
            BlockingRule([.nameKey], maxBlockSize: 100, splitBy: .city),
            BlockingRule([.translitKey, .city], maxBlockSize: 100),
            // A misspelt name with no shared identifier: same postcode (small blocks only; a business centre's
            // postcode with hundreds of tenants is skipped and reported).
            BlockingRule([.postcode], maxBlockSize: 20),
            // A misspelt name on a record with nothing else to block on (a CRM's "variant" of its customer): names
            // one edit apart, for records no rule above could pair.
            BlockingRule([.translitKey], maxBlockSize: 20, edits: 1, unblockedOnly: true),
            // A Western name written in Cyrillic by ear (Brightline / Брайтлайн), or the reverse: the same
            // consonants, for records still unpaired.
            BlockingRule([.nameSound], maxBlockSize: 20, unblockedOnly: true),
        ],
        comparisons: [
            Comparison(
                "name",
                levels: [
                    ComparisonLevel("exact name key", .exact(.nameKey), termFrequencyAdjusted: true),
                    ComparisonLevel("exact transliteration", .exact(.translitKey), termFrequencyAdjusted: true),
                    ComparisonLevel("Jaro-Winkler ≥ 0.92", .jaroWinkler(.translitKey, atLeast: 0.92)),
                    ComparisonLevel("sounds the same", .exact(.nameSound)),
                    ComparisonLevel("same words or initials", .exact(.nameInitials)),
                    ComparisonLevel("tokens overlap ≥ 0.6", .tokenOverlap(MatchAttribute.nameKey.tokens, atLeast: 0.6)),
                    ComparisonLevel("Jaro-Winkler ≥ 0.85", .jaroWinkler(.translitKey, atLeast: 0.85)),
                    ComparisonLevel("sounds alike", .jaroWinkler(.nameSound, atLeast: 0.8)),
                ], nullAttribute: .nameKey, relatedAttributes: [.nameInitials]),
            // A one-typo INN difference that passes the checksum is evidence for review, not a veto (below).
            Comparison(
                "inn",
                levels: [
                    ComparisonLevel("exact", .exact(.inn)),
                    ComparisonLevel("one edit", .damerauLevenshtein(.inn, atMost: 1)),
                ]),
            Comparison("kpp", levels: [ComparisonLevel("exact", .exact(.kpp))]),
            Comparison("phone", levels: [ComparisonLevel("any shared", .exact(.phone))]),
            Comparison(
                "email_domain",
                levels: [ComparisonLevel("exact", .exact(.emailDomain), termFrequencyAdjusted: true)]),
            Comparison(
                "city",
                levels: [
                    ComparisonLevel("exact", .exact(.city), termFrequencyAdjusted: true),
                    ComparisonLevel("Jaro-Winkler ≥ 0.9", .jaroWinkler(.city, atLeast: 0.9)),
                ]),
            postcodeComparison(termFrequencyAdjusted: false),
            addressComparison,
        ],
        trainingRules: [BlockingRule([.nameKey], maxBlockSize: 100), BlockingRule([.inn])],
        // Same INN + different KPP = a branch, a different customer: two KPPs never share a cluster.
        hardRules: [.mustLink([.inn, .kpp]), .cannotLinkWhenDifferent(.inn), .cannotLinkWhenDifferent(.kpp)],
        // Names that share nothing, not even their sound, are two companies unless the INN says otherwise (a
        // group's companies share a domain, a phone and an office).
        scopeGate: ScopeGate(comparison: "name", strongEvidence: ["inn"]),
        // A CRM record with only its customer's name meets the members that share a name key, not all of them.
        clustering: ClusteringOptions(singleRecordSupport: .compared),
        // A company known by its name alone: the same rare name with nothing disagreeing is the same company.
        // A misspelt name with nothing that disagrees links too, when few records carry either name.
        distinctiveName: DistinctiveNameRule(
            comparison: "name", attribute: .nameKey, typoLevels: ["Jaro-Winkler ≥ 0.92", "sounds the same"],
            sameNameAttribute: .nameSound),
        typoTolerantIdentifiers: [.inn]
    )

    /// Persons: direct identifiers (email, phone, national id), then transliterated family + initial.
    public static let person = EntityConfiguration(
        entity: .person,
        blockingRules: [
            BlockingRule([.email], maxBlockSize: 50),
            BlockingRule([.personalPhone], maxBlockSize: 50),
            BlockingRule([.nationalID], maxBlockSize: 50),
            // Colleagues with the same family (or given) name: small blocks, and most duplicates without a
            // shared email or phone are in the same company.
            BlockingRule([.employerCluster, .familyTranslit], maxBlockSize: 50),
            BlockingRule([.employerCluster, .givenTranslit], maxBlockSize: 50),
            // Namesakes across companies; a common full name (Смирнов Сергей) exceeds the cap and is compared
            // within each city.
            BlockingRule([.familyTranslit, .givenTranslit], maxBlockSize: 50, splitBy: .city),
            BlockingRule([.phoneticKey, .birthDate], maxBlockSize: 100),
            // Sources with home addresses (a census, a loyalty list): neighbours by postcode whose surnames sound
            // alike or whose given names share an initial. Null, and so free, where persons carry no address.
            BlockingRule([.postcode, .phoneticKey], maxBlockSize: 50),
            BlockingRule([.postcode, .givenInitial], maxBlockSize: 50),
        ],
        comparisons: [
            Comparison(
                "family",
                levels: [
                    ComparisonLevel("exact", .exact(.family), termFrequencyAdjusted: true),
                    ComparisonLevel("exact transliteration", .exact(.familyTranslit), termFrequencyAdjusted: true),
                    ComparisonLevel("one edit", .damerauLevenshtein(.familyTranslit, atMost: 1)),
                    ComparisonLevel("Jaro-Winkler ≥ 0.88", .jaroWinkler(.familyTranslit, atLeast: 0.88)),
                    ComparisonLevel("swapped with given name", .exact(.namePair)),
                ], nullAttribute: .familyTranslit, relatedAttributes: [.phoneticKey, .namePair]),
            Comparison(
                "given",
                levels: [
                    ComparisonLevel("exact", .exact(.givenTranslit), termFrequencyAdjusted: true),
                    ComparisonLevel("initial vs full name", .initialOf(.givenTranslit)),
                    ComparisonLevel("Jaro-Winkler ≥ 0.88", .jaroWinkler(.givenTranslit, atLeast: 0.88)),
                    ComparisonLevel("swapped with family name", .exact(.namePair)),
                ], nullAttribute: .givenTranslit, relatedAttributes: [.givenInitial, .namePair]),
            Comparison("email", levels: [ComparisonLevel("any shared", .exact(.email))]),
            // Personal numbers only: a switchboard says "same company", which `employer` already counts; a
            // record with only a company line is no evidence either way (null), not a disagreement.
            Comparison(
                "phone", levels: [ComparisonLevel("shared personal number", .exact(.personalPhone))],
                nullAttribute: .personalPhone),
            // An opaque id (a mapping's `kind: other`) has no check digits: one edit is a typo more often than
            // another person. Checked kinds never reach that level apart (the hard rule below separates them).
            Comparison(
                "national_id",
                levels: [
                    ComparisonLevel("exact", .exact(.nationalID)),
                    ComparisonLevel("one edit", .damerauLevenshtein(.nationalID, atMost: 1)),
                ]),
            Comparison(
                "birth_date",
                levels: [
                    ComparisonLevel("exact", .exact(.birthDate)),
                    ComparisonLevel("day/month swapped", .dateSwappedDayMonth(.birthDate)),
                    ComparisonLevel("within 31 days", .dateWithin(.birthDate, days: 31)),
                ]),
            // No city comparison: a contact's address in a CRM is mostly its employer's office, so a shared city
            // says "same company", which `employer` already counts (and the address tokens hold the city too).
            // Counting it again linked namesake colleagues once addresses without `г.` got their city.
            // A home address is evidence wherever sources keep one (null where they do not).
            // Persons adjust the exact postcode for term frequency and organizations do not, as each model was
            // trained; changing either changes that model's levels, so stored models would be retrained.
            postcodeComparison(termFrequencyAdjusted: true),
            addressComparison,
            Comparison("employer", levels: [ComparisonLevel("same organization", .exact(.employerCluster))]),
        ],
        // Same full name (email, phone, birth date, employer free to vary) and same email (names free to vary).
        trainingRules: [
            BlockingRule([.familyTranslit, .givenTranslit], maxBlockSize: 50),
            BlockingRule([.email], maxBlockSize: 50),
        ],
        // Only ids with check digits are facts; an opaque id with a typo must not forbid a true match.
        hardRules: [.mustLink([.verifiedNationalID]), .cannotLinkWhenDifferent(.verifiedNationalID)],
        scopeGate: ScopeGate(attribute: .employerCluster, strongEvidence: ["email", "national_id"])
    )

    /// Postcode: exact, then one edit (a typo).
    static func postcodeComparison(termFrequencyAdjusted: Bool) -> Comparison {
        Comparison(
            "postcode",
            levels: [
                ComparisonLevel("exact", .exact(.postcode), termFrequencyAdjusted: termFrequencyAdjusted),
                ComparisonLevel("one edit", .damerauLevenshtein(.postcode, atMost: 1)),
            ])
    }

    /// Address: the share of address tokens both records have.
    static let addressComparison = Comparison(
        "address",
        levels: [
            ComparisonLevel("tokens overlap ≥ 0.8", .tokenOverlap(.addressTokens, atLeast: 0.8)),
            ComparisonLevel("tokens overlap ≥ 0.5", .tokenOverlap(.addressTokens, atLeast: 0.5)),
        ])
}
