import Connectors
import Foundation
import GoldenCore
import Matching
import Sandbox
import Testing

@testable import golden

/// An incremental match (``MatchEngine/match(_:model:decisions:previous:fingerprint:revisions:workers:)``) gives the clusters
/// and the review pairs a full match gives, over seeded rounds of edits to the generator's records: values copied
/// from other records (new links), values dropped or misspelt (lost links, typo names), new near-copies, deletions
/// and steward decisions. Each round starts from the state the round before left, as a scheduled sync would.
@Suite struct IncrementalMatchTests {
    /// A landed record as matching stores it.
    struct Stored {
        var id: String
        var source: String
        var entity: MatchEntity
        var values: [MatchAttribute: [String]]
    }

    static func population(records: Int, seed: UInt64) throws -> [Stored] {
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: MatchBenchmarkTests.mappings))
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let inputs = StandardizeBenchmark.inputs(
            dataset, mappings: try GeneratedSourceMappings(directory: MatchBenchmarkTests.mappings))
        return inputs.filter { !$0.isDeleted }.map { input in
            let record = standardizer.standardize(input).record
            return Stored(
                id: "\(input.ref.source)/\(input.ref.id)", source: input.ref.source, entity: MatchRecord(record).entity,
                values: MatchRecord.storedValues(of: record))
        }.sorted { $0.id < $1.id }
    }

    /// The table a run reads: persons with their employer reference as the employer's cluster, and the
    /// organizations' numbers as switchboards, as the golden job binds them.
    static func table(_ engine: MatchEngine, _ entity: MatchEntity, _ records: [Stored]) -> RecordTable {
        let phones = Set(records.filter { $0.entity == .organization }.flatMap { $0.values[.phone] ?? [] })
        return engine.table(
            for: entity,
            records: records.lazy.filter { $0.entity == entity }.map { stored in
                MatchRecord(
                    stored: stored.values, id: stored.id, source: stored.source, entity: stored.entity,
                    employerCluster: stored.values[.employerRef]?.first, companyPhones: phones)
            })
    }

    /// Review pairs by record ids, with their weights.
    static func review(_ result: EntityMatchResult) -> [String: Float] {
        var pairs: [String: Float] = [:]
        for index in result.reviewPairs {
            let (a, b) = (result.scored.pairs.left[index], result.scored.pairs.right[index])
            pairs["\(result.table.ids[Int(a)])|\(result.table.ids[Int(b)])"] = result.scored.weights[index]
        }
        return pairs
    }

    /// One seeded round of edits to the records of `entity`.
    static func edit(
        _ records: inout [Stored], entity: MatchEntity, round: Int, count: Int, random: inout SeededGenerator
    ) {
        var indices = records.indices.filter { records[$0].entity == entity }
        var deleted: Set<Int> = []
        var added: [Stored] = []
        for step in 0..<count {
            let target = indices[Int.random(in: 0..<indices.count, using: &random)]
            let other = records[indices[Int.random(in: 0..<indices.count, using: &random)]]
            let attributes = records[target].values.keys.filter { $0 != .employerRef }.sorted { $0.rawValue < $1.rawValue }
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                // A value copied from another record: a new link, or a conflict.
                let copied = other.values.keys.filter { $0 != .employerRef }.sorted { $0.rawValue < $1.rawValue }
                if let attribute = copied.randomElement(using: &random) {
                    records[target].values[attribute] = other.values[attribute]
                }
            case 1:
                if let attribute = attributes.randomElement(using: &random) { records[target].values[attribute] = nil }
            case 2:
                // One letter replaced: a typo, in a name or an identifier.
                if let attribute = attributes.randomElement(using: &random),
                    var value = records[target].values[attribute]?.first, !value.isEmpty
                {
                    var scalars = Array(value.unicodeScalars)
                    let position = Int.random(in: 0..<scalars.count, using: &random)
                    scalars[position] = scalars[Int.random(in: 0..<scalars.count, using: &random)]
                    value = String(String.UnicodeScalarView(scalars))
                    records[target].values[attribute]![0] = value
                }
            case 3:
                // A near-copy from another source.
                var copy = records[target]
                copy.id = "zz-new/\(round)/\(step)"
                copy.source = "zz-new"
                if let attribute = attributes.randomElement(using: &random) { copy.values[attribute] = nil }
                added.append(copy)
            case 4:
                deleted.insert(target)
            case 6:
                // Another record's whole identity: the record leaves its cluster for the other's.
                records[target].values = other.values
            case 7:
                // A near-copy with a misspelt name: one letter of each name key replaced.
                var copy = records[target]
                copy.id = "zz-typo/\(round)/\(step)"
                copy.source = "zz-typo"
                for attribute in [MatchAttribute.nameKey, .translitKey, .family, .familyTranslit] {
                    guard var value = copy.values[attribute]?.first, value.count > 3 else { continue }
                    var scalars = Array(value.unicodeScalars)
                    let position = Int.random(in: 1..<scalars.count, using: &random)
                    scalars[position] = scalars[position - 1]
                    value = String(String.UnicodeScalarView(scalars))
                    copy.values[attribute] = [value]
                }
                added.append(copy)
            case 8:
                // One more contact, shared with another record (records with several values).
                for attribute in [MatchAttribute.phone, .email, .personalPhone] {
                    if let value = other.values[attribute]?.first {
                        records[target].values[attribute, default: []].append(value)
                    }
                }
            default:
                // Most of another record's identity: names, contacts and identifiers.
                for attribute in [
                    MatchAttribute.nameKey, .translitKey, .family, .familyTranslit, .givenTranslit, .email, .inn, .kpp,
                    .nationalID,
                ] {
                    if let values = other.values[attribute] { records[target].values[attribute] = values }
                }
            }
        }
        records = records.enumerated().filter { !deleted.contains($0.offset) }.map(\.element) + added
        records.sort { $0.id < $1.id }
        indices = []
    }

    /// Runs seeded rounds for each entity and checks every round's incremental result against a full match.
    static func checkRounds(configuration: MatchConfiguration, records count: Int, seed: UInt64) async throws {
        var configuration = configuration
        configuration.organization.uSamplePairs = 40_000
        configuration.person.uSamplePairs = 40_000
        let engine = MatchEngine(configuration: configuration)
        var records = try population(records: count, seed: seed)
        var random = SeededGenerator(seed: seed &+ 1)
        for entity in MatchEntity.allCases {
            var table = table(engine, entity, records)
            let model = await engine.match(table, workers: 2).model
            var decisions: [StewardDecision] = []
            let first = await engine.match(table, model: model, previous: nil, fingerprint: 7, workers: 2)
            #expect(first.fullReason == "no previous state")
            #expect(first.result.clustering == (await engine.match(table, model: model, workers: 2)).clustering)
            guard var state = first.state else {
                Issue.record("\(entity): no state")
                return
            }
            #expect(MatchState.decode(state.encoded()) == state, "\(entity): the state does not round-trip")
            var queue = review(first.result)
            var regions: [Int] = []
            for round in 1...10 {
                edit(&records, entity: entity, round: round, count: 60, random: &random)
                table = Self.table(engine, entity, records)
                if round >= 2 {
                    // The steward keeps two records of one cluster apart, and joins two others.
                    let clusters = (await engine.match(table, model: model, decisions: decisions, workers: 2))
                        .clustering.clusters(minimumSize: 2)
                    if let cluster = clusters.randomElement(using: &random) {
                        decisions.append(StewardDecision(table.ids[cluster[0]], table.ids[cluster[1]], .cannotLink))
                    }
                    let (a, b) = (Int.random(in: 0..<table.count, using: &random), Int.random(in: 0..<table.count, using: &random))
                    if a != b { decisions.append(StewardDecision(table.ids[a], table.ids[b], .mustLink)) }
                }
                let full = await engine.match(table, model: model, decisions: decisions, workers: 2)
                let incremental = await engine.match(
                    table, model: model, decisions: decisions, previous: state, fingerprint: 7, workers: 2)
                guard let region = incremental.region else {
                    Issue.record("\(entity) round \(round): a full run: \(incremental.fullReason ?? "")")
                    return
                }
                regions.append(region.count)
                #expect(
                    incremental.result.clustering.clusterOf == full.clustering.clusterOf,
                    "\(entity) round \(round): clusters differ")
                // What it leaves for the next run is a full match's too: digests, ambiguity (worked out again only
                // where it can have moved), components and clusters.
                let fullState = await engine.match(
                    table, model: model, decisions: decisions, previous: nil, fingerprint: 7, workers: 2
                ).state
                #expect(incremental.state == fullState, "\(entity) round \(round): the state differs from a full match's")
                // The queue as the store keeps it: pairs with a record in the region (or one since deleted) are
                // replaced by the run's.
                let inRegion = Set(region.map { table.ids[Int($0)] })
                let live = Set(table.ids)
                queue = queue.filter { key, _ in
                    key.split(separator: "|").allSatisfy { live.contains(String($0)) && !inRegion.contains(String($0)) }
                }
                queue.merge(review(incremental.result)) { $1 }
                #expect(queue == review(full), "\(entity) round \(round): review pairs differ")
                guard let next = incremental.state else {
                    Issue.record("\(entity) round \(round): no state")
                    return
                }
                state = next
            }
            // Edits touch a few records: the region is a small part of the table, and not empty.
            #expect(regions.allSatisfy { $0 > 0 && $0 < table.count / 2 }, "\(entity): regions \(regions) of \(table.count)")
            // Nothing changed: nothing is matched again.
            let again = await engine.match(table, model: model, decisions: decisions, previous: state, fingerprint: 7, workers: 2)
            #expect(again.region == [])
            #expect(again.state == state, "\(entity): the state moved without a change")
            // Another model: the state is not used.
            let other = await engine.match(table, model: model, decisions: decisions, previous: state, fingerprint: 8, workers: 2)
            #expect(other.region == nil && other.fullReason == "model or configuration changed")
        }
    }

    @Test("an incremental match gives a full match's clusters and review pairs over seeded edit rounds")
    func incrementalEqualsFull() async throws {
        try await Self.checkRounds(configuration: MatchConfiguration(), records: 2_000, seed: 41)
    }

    @Test("with tiny block caps, blocks crossing the cap between runs still give a full match's clusters")
    func incrementalEqualsFullAcrossBlockCaps() async throws {
        var configuration = MatchConfiguration()
        for entity in MatchEntity.allCases {
            var entityConfiguration = configuration[entity]
            for index in entityConfiguration.blockingRules.indices {
                entityConfiguration.blockingRules[index].maxBlockSize = 4
            }
            switch entity {
            case .organization: configuration.organization = entityConfiguration
            case .person: configuration.person = entityConfiguration
            }
        }
        try await Self.checkRounds(configuration: configuration, records: 2_000, seed: 43)
    }
}
