import Connectors
import Foundation
import GoldenCore
import Sandbox

/// `golden bench standardize`: typical org+person records through the standardizers on one core.
///
/// Generated payloads are mapped first (not timed: mapping is the connector's side) into the raw records the
/// standardizers take; then the same records are standardized for at least `seconds`, one core, and the figure
/// is records per second per core. Mapping and the whole preparation path are reported beside it.
struct StandardizeBenchmark {
    struct Result: Encodable {
        let records: Int
        let records_per_s_per_core: Double
        let organizations_per_s: Double
        let persons_per_s: Double
        let map_records_per_s: Double
        let quarantined_per_record: Double
        let iterations: Int
        let peak_rss_mb: Double?
        /// FNV-1a over every standardized record and its quarantine as sorted-key JSON, when asked for: two
        /// builds that print the same digest standardized the set identically (how speed work proves it changed
        /// nothing).
        let output_digest: String?
        /// Nanoseconds per call of each field standardizer over the set's values of that field, when asked for:
        /// where a record's time goes.
        let ns_per_value: [String: Double]?
    }

    let records: Int
    let seed: UInt64
    let seconds: Double
    let mappingsDirectory: URL
    var digest = false
    var perField = false

    func run() throws -> Result {
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappingsDirectory))
        let mappings = try GeneratedSourceMappings(directory: mappingsDirectory)
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let mapStart = ContinuousClock.now
        let inputs = Self.inputs(dataset, mappings: mappings)
        let mapSeconds = (ContinuousClock.now - mapStart).seconds

        var organizations = 0.0
        var persons = 0.0
        var organizationCount = 0
        var quarantined = 0
        var iterations = 0
        var total = 0.0
        while total < seconds || iterations == 0 {
            var orgTime = Duration.zero
            var personTime = Duration.zero
            quarantined = 0
            organizationCount = 0
            for input in inputs {
                let start = ContinuousClock.now
                let result = standardizer.standardize(input)
                let elapsed = ContinuousClock.now - start
                quarantined += result.quarantine.count
                if case .organization = input.party {
                    orgTime += elapsed
                    organizationCount += 1
                } else {
                    personTime += elapsed
                }
            }
            organizations += orgTime.seconds
            persons += personTime.seconds
            total += (orgTime + personTime).seconds
            iterations += 1
        }
        let personCount = inputs.count - organizationCount
        let outputDigest = digest ? try Self.digest(inputs.map(standardizer.standardize)) : nil
        return Result(
            records: inputs.count,
            records_per_s_per_core: (Double(inputs.count * iterations) / total).rounded(),
            organizations_per_s: (Double(organizationCount * iterations) / organizations).rounded(),
            persons_per_s: (Double(personCount * iterations) / persons).rounded(),
            map_records_per_s: (Double(inputs.count) / mapSeconds).rounded(),
            quarantined_per_record: (Double(quarantined) / Double(max(inputs.count, 1)) * 1000).rounded() / 1000,
            iterations: iterations,
            peak_rss_mb: ProcessMemory.peakResidentMiB().map { ($0 * 10).rounded() / 10 },
            output_digest: outputDigest,
            ns_per_value: perField ? Self.fieldCosts(inputs, standardizer.standardizers) : nil)
    }

    /// The generated set as the standardizers take it: every payload through its source's shipped mapping.
    static func inputs(_ dataset: GeneratedDataset, mappings: GeneratedSourceMappings) -> [RawSourceRecord] {
        var inputs: [RawSourceRecord] = []
        inputs.reserveCapacity(dataset.recordCount)
        for (index, source) in dataset.sources.enumerated() {
            let engine = MappingEngine(mapping: mappings.mapping(for: source.kind))
            for record in dataset.records(at: index) {
                let raw = RawRecord(generated: record)
                let entity: CanonicalField.Entity = raw.entity == .organization ? .organization : .person
                guard let mapped = try? engine.map(raw.payload, as: entity, source: source.name) else { continue }
                inputs.append(RawSourceRecord(
                    ref: SourceRecordRef(source: source.name, id: raw.sourceKey), modifiedAt: record.modifiedAt,
                    isDeleted: record.deleted, region: .ru, party: mapped.rawParty))
            }
        }
        return inputs
    }

    /// The digest `--digest` prints, of the generated set of `records` records from `seed`: what the pinned test in
    /// `StandardizeDigestTests` computes, so the test and the command cannot drift apart.
    static func outputDigest(records: Int, seed: UInt64, mappingsDirectory: URL) throws -> String {
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappingsDirectory))
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let inputs = inputs(dataset, mappings: try GeneratedSourceMappings(directory: mappingsDirectory))
        return try digest(inputs.map(standardizer.standardize))
    }

    /// Times every field standardizer on its own over the values the records carry (three passes each).
    static func fieldCosts(_ inputs: [RawSourceRecord], _ standardizers: Standardizers) -> [String: Double] {
        var companies: [String] = [], addresses: [String] = [], phones: [String] = [], emails: [String] = []
        var websites: [String] = [], inns: [String] = [], titles: [String] = [], fullNames: [String] = []
        var nameParts: [(String?, String?, String?)] = []
        for input in inputs {
            switch input.party {
            case .organization(let organization):
                companies += [organization.legalName, organization.shortName].compactMap { $0 }
                addresses += organization.addresses
                phones += organization.phones
                emails += organization.emails
                websites += [organization.website].compactMap { $0 }
                inns += [organization.inn].compactMap { $0 }
            case .person(let person):
                if let fullName = person.fullName {
                    fullNames.append(fullName)
                } else {
                    nameParts.append((person.givenName, person.middleName, person.familyName))
                }
                addresses += person.addresses
                phones += person.phones
                emails += person.emails
                titles += [person.jobTitle].compactMap { $0 }
            }
        }
        var costs: [String: Double] = [:]
        func time<Input>(_ field: String, _ values: [Input], _ standardize: (Input) -> Int) {
            guard !values.isEmpty else { return }
            var sink = 0
            let start = ContinuousClock.now
            for _ in 0..<3 { for value in values { sink &+= standardize(value) } }
            let seconds = (ContinuousClock.now - start).seconds
            costs[field] = (seconds * 1e9 / Double(3 * values.count)).rounded()
            if sink < 0 { print(sink) }  // keeps the results alive
        }
        time("company_name", companies) { standardizers.companyName.standardize($0).issues.count }
        time("address", addresses) { standardizers.address.standardize($0).issues.count }
        time("phone", phones) { standardizers.phone.standardize($0).issues.count }
        time("email", emails) { standardizers.email.standardize($0).issues.count }
        time("website", websites) { WebDomain.standardize($0).issues.count }
        time("inn", inns) { INN.standardize($0).issues.count }
        time("job_title", titles) { standardizers.jobTitle.standardize($0).issues.count }
        time("person_name", fullNames) { standardizers.personName.standardize($0).issues.count }
        time("person_name_parts", nameParts) {
            standardizers.personName.standardize(given: $0.0, middle: $0.1, family: $0.2).issues.count
        }
        return costs
    }

    private struct DigestedRecord: Encodable {
        let record: SourceRecord
        let quarantine: [QuarantineEntry]
    }

    /// FNV-1a over each result as sorted-key JSON (dates in milliseconds), one newline between records.
    static func digest(_ results: [StandardizedRecord]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for result in results {
            for byte in try encoder.encode(DigestedRecord(record: result.record, quarantine: result.quarantine)) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            hash = (hash ^ 0x0a) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
