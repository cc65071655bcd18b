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
    }

    let records: Int
    let seed: UInt64
    let seconds: Double
    let mappingsDirectory: URL
    var digest = false

    func run() throws -> Result {
        let mappings = try GeneratedSourceMappings(directory: mappingsDirectory)
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappingsDirectory))
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()

        var inputs: [RawSourceRecord] = []
        inputs.reserveCapacity(dataset.recordCount)
        let mapStart = ContinuousClock.now
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
            output_digest: outputDigest)
    }

    private struct DigestedRecord: Encodable {
        let record: SourceRecord
        let quarantine: [QuarantineEntry]
    }

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
