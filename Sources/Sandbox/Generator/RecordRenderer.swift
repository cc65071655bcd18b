/// Rebuilds any single source record from its slot: master entity → noisy payload in the source's format.
///
/// Rendering is a pure function of (configuration, source, slot), which is what makes the dataset lazy,
/// order-independent and byte-identical across runs and machines.
struct RecordRenderer: Sendable {
    let seed: UInt64
    let sources: [GeneratedSource]
    let factory: MasterDataFactory
    var applier: NoiseApplier
    let sourceHashes: [UInt64]
    /// `noise.hasHeldOutClasses`, computed once per renderer (the profile's property looks at every held-out rate).
    let hasHeldOutClasses: Bool

    init(configuration: GeneratorConfiguration) {
        seed = configuration.seed
        sources = configuration.sources
        factory = MasterDataFactory(seed: configuration.seed, noise: configuration.noise)
        applier = NoiseApplier(noise: configuration.noise)
        sourceHashes = configuration.sources.map { SplitMix64.hash($0.name) }
        hasHeldOutClasses = configuration.noise.hasHeldOutClasses
    }

    var noise: NoiseProfile { applier.noise }

    func plan(_ organizationIndex: Int) -> ClusterPlan {
        ClusterPlan(organization: organizationIndex, form: factory.legalForm(of: organizationIndex),
                    sources: sources, seed: seed, noise: noise)
    }

    // MARK: Ids and truth

    func sourceId(_ sourceIndex: Int, _ slot: RecordSlot) -> String {
        let source = sources[sourceIndex]
        switch source.kind {
        case .salesforce:
            return SourceIdentifiers.salesforce(prefix: slot.isPerson ? "003" : "001", source: source.name,
                                                key: slot.key)
        case .hubspot:
            return String((slot.isPerson ? 51_000_000 : 9_000_000) + slot.key)
        case .bitrix24:
            // One counter for both objects (companies odd, contacts even) keeps ids unique within the source.
            return String(slot.key * 2 + (slot.isPerson ? 2 : 1))
        case .elma365, .oneC:
            return SourceIdentifiers.uuid(seed: seed, source: source.name, kind: slot.isPerson ? 1 : 0, key: slot.key)
        }
    }

    func entityId(_ slot: RecordSlot) -> String {
        slot.isPerson
            ? "P" + MasterOrganization.pad(slot.organizationIndex, 7) + "-" + String(slot.ordinal)
            : "O" + MasterOrganization.pad(slot.organizationIndex, 7)
    }

    func truthRow(_ sourceIndex: Int, _ slot: RecordSlot) -> TruthRow {
        let entityId = entityId(slot)
        return TruthRow(source: sources[sourceIndex].name, sourceId: sourceId(sourceIndex, slot),
                        entity: slot.entity, entityId: entityId, errorClasses: errorClasses(sourceIndex, slot))
    }

    // MARK: Records

    /// The last organization and cluster plan rendered: consecutive contacts share an employer, and
    /// rebuilding it for each of them was most of the rendering time.
    struct Cache {
        var organization: MasterOrganization?
        var plan: (index: Int, plan: ClusterPlan)?
    }

    func record(_ sourceIndex: Int, _ slot: RecordSlot, cache: inout Cache) -> GeneratedRecord {
        let source = sources[sourceIndex]
        var rng = SplitMix64(seed: seed, 4, sourceHashes[sourceIndex], slot.raw)
        let modified = SourceTimestamp.windowStart + Int64(rng.below(SourceTimestamp.windowLength))
        let created = modified - Int64(rng.below(3 * 365 * 86_400))
        let deleted = source.kind != .bitrix24 && rng.chance(noise.deleted)
        let stamps = Stamps(created: created, modified: modified, millis: rng.below(1000))
        let org: MasterOrganization
        if let cached = cache.organization, cached.index == slot.organizationIndex {
            org = cached
        } else {
            org = factory.organization(slot.organizationIndex)
            cache.organization = org
        }
        let id = sourceId(sourceIndex, slot)
        let payload: [String: GeneratedValue]
        var classes: GeneratedErrorClasses = []
        if slot.isPerson {
            let person = factory.person(of: org, ordinal: slot.ordinal)
            let context = personContext(sourceIndex, slot, person: person, org: org, cache: &cache, rng: &rng)
            classes = context.errorClasses
            switch source.kind {
            case .salesforce:
                payload = salesforceContact(id, context, stamps, source: source.name, deleted: deleted, rng: &rng)
            case .hubspot:
                payload = hubspotContact(id, context, stamps, deleted: deleted, rng: &rng)
            case .bitrix24:
                payload = bitrixContact(id, context, stamps, rng: &rng)
            case .elma365, .oneC:
                payload = elmaContact(id, context, stamps, deleted: deleted, rng: &rng)
            }
        } else {
            var org = org
            var renderer = self
            if hasHeldOutClasses {
                var heldOut = heldOutNoise(
                    sourceIndex, slot, org: org, plan: plan(slot.organizationIndex, cache: &cache), person: nil)
                classes = heldOut.classes
                org.recordStyle = heldOut.style
                if heldOut.isVariantRecord {
                    org = org.variantSpelling(rng: &heldOut.stream)
                    renderer = sparse(missingField: 1)
                } else if org.isCommonName {
                    renderer = sparse(missingField: 0.6)
                }
            }
            switch source.kind {
            case .salesforce:
                payload = renderer.salesforceAccount(id, org, stamps, source: source.name, deleted: deleted, rng: &rng)
            case .hubspot:
                payload = renderer.hubspotCompany(id, org, stamps, deleted: deleted, rng: &rng)
            case .bitrix24:
                payload = renderer.bitrixCompany(id, org, stamps, rng: &rng)
            case .elma365:
                payload = renderer.elmaCompany(id, org, stamps, deleted: deleted, rng: &rng)
            case .oneC:
                payload = renderer.accountingCounterparty(id, org, stamps, deleted: deleted, rng: &rng)
            }
        }
        return GeneratedRecord(source: source.name, sourceId: id, entity: slot.entity,
                               modifiedAt: SourceTimestamp.toDate(modified), deleted: deleted, payload: payload,
                               errorClasses: classes)
    }

    /// The cluster plan of an organization, from the cache when the previous record had the same one.
    func plan(_ organizationIndex: Int, cache: inout Cache) -> ClusterPlan {
        if let cached = cache.plan, cached.index == organizationIndex { return cached.plan }
        let plan = self.plan(organizationIndex)
        cache.plan = (organizationIndex, plan)
        return plan
    }

    struct Stamps {
        let created: Int64
        let modified: Int64
        let millis: Int
    }

    /// Everything a contact payload needs, computed once per record with its noise already applied.
    struct PersonContext {
        let person: MasterPerson
        let org: MasterOrganization
        let name: NoiseApplier.PersonName
        let title: String?
        let email: String?
        let workPhone: String?
        let mobile: String?
        let employerId: String?
        let companyText: String
        let optedOut: Bool
        let birthDate: String?
        let errorClasses: GeneratedErrorClasses
    }

    private func personContext(_ sourceIndex: Int, _ slot: RecordSlot, person: MasterPerson,
                               org: MasterOrganization, cache: inout Cache, rng: inout SplitMix64) -> PersonContext {
        let plan = plan(slot.organizationIndex, cache: &cache)
        var heldOut = heldOutNoise(sourceIndex, slot, org: org, plan: plan, person: person)
        let employerId = plan.organizationCopies[sourceIndex] > 0
            ? sourceId(sourceIndex, .organization(slot.organizationIndex, copy: heldOut.variantEmployerCopy ?? 0))
            : nil
        let name = applier.personName(person, forcing: heldOut.name, rng: &rng, extra: &heldOut.stream)
        let title = applier.jobTitle(person, rng: &rng)
        var staleDomain: String?
        if rng.chance(noise.staleEmail), let previous = person.previousEmployerIndex {
            staleDomain = factory.organization(previous).domain
        }
        var email = applier.keep(applier.email(person, employer: org, staleDomain: staleDomain), rng: &rng)
        var workPhone = person.officeExtension.flatMap { ext in
            applier.keep(applier.phone(org.phone, extension: ext, rng: &rng), rng: &rng)
        }
        var mobile = applier.keep(applier.phone(person.mobile, rng: &rng), rng: &rng)
        if heldOut.noContact { (email, workPhone, mobile) = (nil, nil, nil) }
        let companyText = applier.companyName(org, rng: &rng)
        let copies = plan.personCopies[slot.ordinal]
        // Consent is withdrawn in one CRM only: the first source of this person that has an opt-out field.
        let consentSource = copies.indices.first {
            copies[$0] > 0 && [.salesforce, .hubspot].contains(sources[$0].kind)
        }
        let optedOut = person.optedOut && consentSource == sourceIndex && slot.copy == 0
        let birthDate = person.birthDate.flatMap { date in
            applier.keep(SourceTimestamp.date(year: date.year, month: date.month, day: date.day), rng: &rng)
        }
        return PersonContext(person: person, org: org, name: name, title: title, email: email,
                             workPhone: workPhone, mobile: mobile, employerId: employerId, companyText: companyText,
                             optedOut: optedOut, birthDate: birthDate, errorClasses: heldOut.classes)
    }
}
