/// Where one organization and its contact persons appear: which sources, and how many copies in each.
///
/// A plan is a pure function of (seed, organization index, source list), so both the up-front pass that
/// counts records and the later rendering of a single record can recompute it instead of storing it.
struct ClusterPlan: Sendable {
    /// Copies of the organization per source index (0 = absent).
    var organizationCopies: [Int]
    /// Copies of each person per source index.
    var personCopies: [[Int]]
    /// Per source index: the organization's last copy there is a variant record its contacts in that source point
    /// to (held-out class `variantEmployer`).
    var variantEmployer: [Bool]

    /// Weights for 1...5 sources per organization: a third are singletons.
    private static let organizationSpread = [35, 30, 20, 10, 5]
    /// Weights for 1...4 CRM sources per person.
    private static let personSpread = [45, 30, 17, 8]
    /// Weights for 0...6 contact persons per company.
    private static let staffSize = [15, 25, 25, 15, 10, 5, 5]

    init(organization index: Int, form: MasterOrganization.LegalForm, sources: [GeneratedSource], seed: UInt64,
         noise: NoiseProfile) {
        var rng = SplitMix64(seed: seed, 3, UInt64(index))
        let count = sources.count
        organizationCopies = Array(repeating: 0, count: count)
        personCopies = []
        variantEmployer = Array(repeating: false, count: count)
        guard count > 0 else { return }

        let spread = rng.weighted(Array(Self.organizationSpread.prefix(count))) + 1
        for source in Self.sample(spread, from: Array(0..<count), sources: sources, rng: &rng) {
            organizationCopies[source] = sources[source].kind == .oneC ? 1 : Self.copies(noise: noise, rng: &rng)
        }

        let crm = (0..<count).filter { sources[$0].kind.holdsPersons }
        guard !crm.isEmpty else { return }
        let employerCRM = crm.filter { organizationCopies[$0] > 0 }
        let staff = form == .ip ? rng.below(2) : rng.weighted(Self.staffSize)
        for _ in 0..<staff {
            var copies = Array(repeating: 0, count: count)
            let candidates = employerCRM.isEmpty ? crm : employerCRM
            let wanted = rng.weighted(Array(Self.personSpread.prefix(candidates.count))) + 1
            var chosen = Self.sample(wanted, from: candidates, sources: sources, rng: &rng)
            let outside = crm.filter { !chosen.contains($0) }
            if chosen.count < 4, !outside.isEmpty, rng.chance(0.08) {
                chosen.append(rng.pick(outside))
            }
            for source in chosen {
                copies[source] = Self.copies(noise: noise, rng: &rng)
            }
            personCopies.append(copies)
        }
        // Early returns above leave no CRM source holding contacts, where there is nothing to add.
        addVariantEmployers(organization: index, sources: sources, seed: seed, noise: noise)
    }

    /// Held-out class `variantEmployer`, from a stream of its own: in a CRM source holding the organization and
    /// some of its contacts, one more copy of the organization (a variant record) that those contacts point to.
    /// At most three copies exist before, so the variant's copy number still fits `RecordSlot`'s two bits.
    private mutating func addVariantEmployers(organization index: Int, sources: [GeneratedSource], seed: UInt64,
                                              noise: NoiseProfile) {
        guard noise.variantEmployer > 0 else { return }
        for source in sources.indices where sources[source].kind.holdsPersons && organizationCopies[source] > 0 {
            guard personCopies.contains(where: { $0[source] > 0 }) else { continue }
            var rng = SplitMix64(seed: seed, 25, SplitMix64.hash(sources[source].name), UInt64(index))
            if rng.chance(noise.variantEmployer) {
                organizationCopies[source] += 1
                variantEmployer[source] = true
            }
        }
    }

    var recordCount: Int {
        organizationCopies.reduce(0, +) + personCopies.reduce(0) { $0 + $1.reduce(0, +) }
    }

    /// One copy, sometimes two, rarely three: duplicates inside one CRM.
    private static func copies(noise: NoiseProfile, rng: inout SplitMix64) -> Int {
        guard rng.chance(noise.duplicateInSource) else { return 1 }
        return rng.chance(0.1) ? 3 : 2
    }

    /// Weighted sampling without replacement, returned in source order (stable output).
    private static func sample(_ wanted: Int, from candidates: [Int], sources: [GeneratedSource],
                               rng: inout SplitMix64) -> [Int] {
        var pool = candidates
        var chosen: [Int] = []
        while chosen.count < wanted, !pool.isEmpty {
            let pick = rng.weighted(pool.map { sources[$0].weight })
            chosen.append(pool.remove(at: pick))
        }
        return chosen.sorted()
    }
}
