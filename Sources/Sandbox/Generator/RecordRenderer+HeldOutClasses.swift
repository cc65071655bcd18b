/// The held-out error classes per record (`GeneratedErrorClass`, `NoiseProfile.heldOutClasses`).
///
/// Every decision draws from a stream of its own (per person and source, per organization and source, per record),
/// never from the record's main stream unless the class applies, so a profile with these rates at 0 renders
/// byte-identical data, and the truth can name a record's classes without rendering its payload.
extension RecordRenderer {
    /// What the held-out classes do to one record.
    struct HeldOutNoise {
        var classes: GeneratedErrorClasses = []
        var name = NoiseApplier.NameForcing()
        var noContact = false
        var style = MasterOrganization.RecordStyle()
        /// Persons: the copy of the employer's record the contact points to (the variant record).
        var variantEmployerCopy: Int?
        /// Organizations: this record is the variant that the source's contacts point to.
        var isVariantRecord = false
        /// The record's held-out stream after the decisions, for the draws of a forced edit.
        var stream = SplitMix64(seed: 0)
    }

    /// The classes of one record without rendering it (what the truth table reports).
    func errorClasses(_ sourceIndex: Int, _ slot: RecordSlot) -> GeneratedErrorClasses {
        guard hasHeldOutClasses else { return [] }
        let org = factory.organization(slot.organizationIndex)
        let person = slot.isPerson ? factory.person(of: org, ordinal: slot.ordinal) : nil
        return heldOutNoise(sourceIndex, slot, org: org, plan: plan(slot.organizationIndex), person: person).classes
    }

    func heldOutNoise(
        _ sourceIndex: Int, _ slot: RecordSlot, org: MasterOrganization, plan: ClusterPlan, person: MasterPerson?
    ) -> HeldOutNoise {
        var result = HeldOutNoise()
        guard hasHeldOutClasses else { return result }
        let kind = sources[sourceIndex].kind
        let sourceHash = sourceHashes[sourceIndex]
        var record = SplitMix64(seed: seed, 24, sourceHash, slot.raw)
        let index = UInt64(slot.organizationIndex)
        if let person {
            result.classes.formUnion(person.heldOut)
            var inSource = SplitMix64(seed: seed, 22, sourceHash, index, UInt64(slot.ordinal))
            if inSource.chance(noise.initialsInSource) {
                result.name.initials = true
                result.classes.insert(.initialsInSource)
            }
            if inSource.chance(noise.swappedInSource) {
                result.name.swapped = true
                result.classes.insert(.swappedInSource)
            }
            if record.chance(noise.surnameTypoTransliterated) {
                result.name.typoAndTransliteration = true
                result.classes.insert(.surnameTypoTransliterated)
            }
            // "А. Иванов" is half of a namesake colleague's records.
            if person.heldOut.contains(.sharedInitial), record.chance(0.5) { result.name.initials = true }
            // HubSpot keys contacts on their e-mail, so a HubSpot contact always has one.
            if kind != .hubspot, record.chance(noise.noContact) {
                result.noContact = true
                result.classes.insert(.noContact)
            }
            if plan.variantEmployer[sourceIndex] {
                result.variantEmployerCopy = plan.organizationCopies[sourceIndex] - 1
                result.classes.insert(.variantEmployer)
            }
        } else {
            if org.isCommonName { result.classes.insert(.commonName) }
            switch org.role {
            case .group: result.classes.insert(.groupCompany)
            case .namesake: result.classes.insert(.sameNameOtherForm)
            case .plain, .twin, .branch: break
            }
            if plan.variantEmployer[sourceIndex], slot.copy == plan.organizationCopies[sourceIndex] - 1 {
                result.isVariantRecord = true
                result.classes.insert(.variantEmployer)
            } else if kind != .oneC {
                var inSource = SplitMix64(seed: seed, 23, sourceHash, index)
                if inSource.chance(noise.addressTransliterated) {
                    result.style.latinAddress = true
                    result.classes.insert(.addressTransliterated)
                }
                if org.legalForm == .ip, inSource.chance(noise.soleTraderInitials) {
                    result.style.soleTraderInitials = true
                    result.classes.insert(.soleTraderInitials)
                }
                if record.chance(noise.innTypoValid),
                    let mistyped = RussianIdentifiers.checksumPreservingTypo(org.inn, rng: &record)
                {
                    result.style.mistypedINN = mistyped
                    result.classes.insert(.innTypoValid)
                }
            }
        }
        result.stream = record
        return result
    }

    /// This renderer with every optional field left empty at `missingField` and no INN in CRM records: a
    /// common-name company's records, or a variant record with nothing but a name.
    func sparse(missingField: Double) -> RecordRenderer {
        var noise = self.noise
        noise.missingField = missingField
        noise.innInCRM = 0
        var copy = self
        copy.applier = NoiseApplier(noise: noise)
        return copy
    }
}

extension MasterOrganization {
    /// The variant record of held-out class `variantEmployer`: the name in the other script with one typo, under the
    /// same legal form, and no web domain.
    func variantSpelling(rng: inout SplitMix64) -> MasterOrganization {
        var copy = self
        let spelled = NoiseApplier.typo(isInternational ? coreCyrillic : coreLatin, rng: &rng)
        copy.coreCyrillic = spelled
        copy.coreLatin = spelled
        copy.domain = nil
        return copy
    }
}
