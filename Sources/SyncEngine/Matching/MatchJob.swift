import Foundation
import GoldenCore
import GoldenStore
import Logging
import Matching

/// Matches the source records currently landed in the store: organizations first, then persons with their
/// employers' organization clusters.
///
/// Uses the newest stored model of each entity; trains (and stores a new version) when there is none or when asked.
/// It works on any landed data set, so a data team can evaluate the engine on its own labelled data.
public struct MatchJob: Sendable {
    public struct EntityOutcome: Sendable {
        public let entity: MatchEntity
        public let result: EntityMatchResult
        /// The stored model version used (or created).
        public let modelVersion: Int
        public let trained: Bool
    }

    let database: GoldenDatabase
    let standardizer: RecordStandardizer
    let engine: MatchEngine
    let logger: Logger

    public init(
        database: GoldenDatabase, standardizer: RecordStandardizer, configuration: MatchConfiguration = .init(),
        logger: Logger
    ) {
        self.database = database
        self.standardizer = standardizer
        self.engine = MatchEngine(configuration: configuration)
        self.logger = logger
    }

    /// Record ids in tables and explanations: `source/key`.
    public static func recordID(source: String, key: String) -> String { "\(source)/\(key)" }

    public func run(entities: Set<MatchEntity> = Set(MatchEntity.allCases), retrain: Bool = false) async throws
        -> [EntityOutcome]
    {
        var outcomes: [EntityOutcome] = []
        var employerClusters: [String: String] = [:]
        var companyPhones: Set<String> = []
        // Persons need the organization clusters of their employers, so organizations always run when persons do.
        if entities.contains(.organization) || entities.contains(.person) {
            let organizations = try await match(.organization, retrain: retrain) { record, id in
                MatchRecord(record, id: id)
            }
            for (index, id) in organizations.result.table.ids.enumerated() {
                employerClusters[id] = "o\(organizations.result.clustering.clusterOf[index])"
            }
            if let slot = organizations.result.table.slot(of: .phone) {
                companyPhones = Set(organizations.result.table.dictionaries[slot].strings)
            }
            if entities.contains(.organization) { outcomes.append(organizations) }
        }
        if entities.contains(.person) {
            let phones = companyPhones
            let clusters = employerClusters
            outcomes.append(
                try await match(.person, retrain: retrain) { record, id in
                    let employer = record.party.person?.employer.flatMap {
                        clusters[Self.recordID(source: $0.source, key: $0.id)]
                    }
                    return MatchRecord(record, id: id, employerCluster: employer, companyPhones: phones)
                })
        }
        return outcomes
    }

    private func match(
        _ entity: MatchEntity, retrain: Bool, adapt: @escaping @Sendable (SourceRecord, String) -> MatchRecord
    ) async throws -> EntityOutcome {
        var builder = engine.tableBuilder(for: entity)
        let standardizer = standardizer
        try await LandedRecordRepository(database: database).forEachPage(entity: entity.rawValue) { page in
            let records = try await Self.prepare(page, standardizer: standardizer, adapt: adapt)
            builder.append(contentsOf: records)
        }
        let table = builder.build()
        let models = MatchModelRepository(database: database)
        var model: MatchModel?
        var version = 0
        if !retrain, let stored = try await models.load(entity: entity.rawValue) {
            model = try JSONDecoder().decode(MatchModel.self, from: Data(stored.parametersJSON.utf8))
            version = stored.version
        }
        let result = await engine.match(table, model: model, decisions: [])
        var trained = false
        if model == nil, table.count > 1 {
            let encoded = String(decoding: try JSONEncoder().encode(result.model), as: UTF8.self)
            version = try await models.save(entity: entity.rawValue, parametersJSON: encoded, runID: nil)
            trained = true
        }
        logger.info(
            "matched", metadata: ["entity": "\(entity.rawValue)", "records": "\(table.count)", "model": "\(version)"])
        return EntityOutcome(entity: entity, result: result, modelVersion: version, trained: trained)
    }

    /// Standardize a page on all cores, keeping its order.
    static func prepare(
        _ page: [LandedRecordRepository.LandedRecord], standardizer: RecordStandardizer,
        adapt: @escaping @Sendable (SourceRecord, String) -> MatchRecord
    ) async throws -> [MatchRecord] {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = max(1, (page.count + workers - 1) / workers)
        return try await withThrowingTaskGroup(of: (Int, [MatchRecord]).self) { group in
            for (part, start) in stride(from: 0, to: page.count, by: chunk).enumerated() {
                let slice = page[start..<min(start + chunk, page.count)]
                group.addTask {
                    (part, slice.compactMap { landed -> MatchRecord? in
                        guard let party = StoredParty.rawParty(fromJSON: landed.attributesJSON) else { return nil }
                        let ref = SourceRecordRef(source: landed.source, id: landed.sourceKey)
                        let standardized = standardizer.standardize(
                            RawSourceRecord(
                                ref: ref, modifiedAt: landed.modifiedAt ?? Date(timeIntervalSince1970: 0),
                                party: party))
                        return adapt(standardized.record, recordID(source: landed.source, key: landed.sourceKey))
                    })
                }
            }
            var parts: [(Int, [MatchRecord])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
