import Foundation
import GoldenCore
import GoldenStore
import Logging
import Matching
import Survivorship

/// Matches the source records currently landed in the store: organizations first, then persons with their
/// employers' organization clusters.
///
/// Uses the newest stored model of each entity; trains (and stores a new version) when there is none or when asked.
/// It works on any landed data set, so a data team can evaluate the engine on its own labelled data. The
/// golden-record job (``GoldenRecordJob``) runs the same steps and makes the result durable.
public struct MatchJob: Sendable {
    public struct EntityOutcome: Sendable {
        public let entity: MatchEntity
        public let result: EntityMatchResult
        /// The stored model version used (or created).
        public let modelVersion: Int
        public let trained: Bool
        /// The source record id of every table row, in table order.
        public let recordIDs: [UUID]
        /// Records whose stored values could not be read (`source/key`): left out of matching, and reported.
        public let unreadable: [String]
        /// Records landed before match values were stored, standardized again from their attributes.
        public let restandardized: Int
        /// Records read from the store; the others came from the stored image of the last run's table.
        public let recordsRead: Int
        /// Approved pairs the new model learned m from (`golden train --from-decisions`); 0 otherwise.
        public var labeledPairs: Int { result.approvedPairsLearned }
        /// What the next run starts from (a run that started from a stored model makes one).
        public var state: MatchState? = nil
        /// The rows matched again when the run started from the last run's state; `nil` when it matched every row.
        public var region: [Int32]? = nil
        /// Why every row was matched, when a state was asked for and not used.
        public var fullReason: String? = nil
    }

    /// One entity's records as the engine reads them, with the store's id of every row.
    struct LoadedTable: Sendable {
        let table: RecordTable
        let recordIDs: [UUID]
        /// Each row's source record version (survivorship's input digest reads it).
        let versions: [Int]
        /// Each person row's employer golden id (what `employerCluster` gave), `nil` for none or organizations.
        let employers: [String?]
        let unreadable: [String]
        let restandardized: Int
        /// Records read from the store rather than taken from the stored image (all of them without one).
        var reread = 0
        /// The new image being written, when this read wrote one.
        var imageWrite: Task<Void, any Error>? = nil

        /// Waits for the image write this read started; a failed write is logged, never fatal: the image is a
        /// cache, and the next run reads every record instead.
        func imageWritten(logger: Logger) async {
            guard let imageWrite else { return }
            do {
                try await imageWrite.value
            } catch {
                logger.warning(
                    "match table image not written; the next run reads every record",
                    metadata: ["entity": "\(table.entity.rawValue)", "error": "\(error)"])
            }
        }
    }

    let database: GoldenDatabase
    let standardizer: RecordStandardizer
    let engine: MatchEngine
    let logger: Logger
    /// What else a stored ``MatchState`` must have been made under (the golden run: its survivorship rules, since
    /// it survives only the region's golden records); part of ``stateFingerprint(_:modelVersion:)``.
    var stateSalt: UInt64 = 0

    public init(
        database: GoldenDatabase, standardizer: RecordStandardizer, configuration: MatchConfiguration = .init(),
        logger: Logger
    ) {
        self.database = database
        self.standardizer = standardizer
        self.engine = MatchEngine(configuration: configuration)
        self.logger = logger
    }

    /// A cluster's label in `golden match --out` files and employer references: `o12` for organizations, `p7` for
    /// persons. One owner for the format, which `golden evaluate` reads back (``entity(ofClusterLabel:)``).
    public static func clusterLabel(_ entity: MatchEntity, _ cluster: Int32) -> String {
        (entity == .organization ? "o" : "p") + String(cluster)
    }

    /// The entity a cluster label names, `nil` for a label without the prefix.
    public static func entity(ofClusterLabel label: String) -> MatchEntity? {
        label.first == "o" ? .organization : label.first == "p" ? .person : nil
    }

    /// Record ids in tables and explanations: `source/key`.
    public static func recordID(source: String, key: String) -> String { "\(source)/\(key)" }

    /// What the engine would do with the landed records, without writing golden records.
    ///
    /// - Parameter learning: with `retrain`, refine each new model's m from the pairs stewards approved, weighting
    ///   EM's estimate as this many labelled pairs (``ModelTrainer/refine(_:approved:strength:workers:)``).
    public func run(
        entities: Set<MatchEntity> = Set(MatchEntity.allCases), retrain: Bool = false, learning: Double? = nil
    ) async throws -> [EntityOutcome] {
        var outcomes: [EntityOutcome] = []
        var employerClusters: [String: String] = [:]
        var companyPhones: Set<String> = []
        // Persons need the organization clusters of their employers, so organizations always run when persons do.
        if entities.contains(.organization) || entities.contains(.person) {
            let loaded = try await load(.organization, employerCluster: { _ in nil }, companyPhones: [])
            let organizations = try await match(
                loaded, model: retrain ? nil : try await storedModel(.organization), decisions: [], learning: learning)
            await loaded.imageWritten(logger: logger)
            for (index, id) in organizations.result.table.ids.enumerated() {
                employerClusters[id] = Self.clusterLabel(.organization, organizations.result.clustering.clusterOf[index])
            }
            companyPhones = Self.phones(of: organizations.result.table)
            if entities.contains(.organization) { outcomes.append(organizations) }
        }
        if entities.contains(.person) {
            let clusters = employerClusters
            let loaded = try await load(.person, employerCluster: { clusters[$0] }, companyPhones: companyPhones)
            outcomes.append(
                try await match(
                    loaded, model: retrain ? nil : try await storedModel(.person), decisions: [], learning: learning))
            await loaded.imageWritten(logger: logger)
        }
        return outcomes
    }

    /// The organizations' numbers: on a person such a number is a switchboard, not a personal line.
    static func phones(of table: RecordTable) -> Set<String> {
        guard let slot = table.slot(of: .phone) else { return [] }
        return Set(table.dictionaries[slot].strings)
    }

    /// Reads the landed records of `entity` into a table, in source record id order.
    ///
    /// The run starts from the image of the table the last run read (``RecordTableImage``, kept in the store) when
    /// there is one for this configuration: it reads from the store's log of landed changes (``LandingChanges``) which
    /// records changed since the image was read, keeps the image's other rows, and reads only the changed records
    /// (new, edited; rows of deleted records fall away). Without an image, or when the log cannot tell, it reads
    /// every record. Either way the table is the same, id for id.
    /// When the image it started from was missing or more than ``imageRefreshShare`` of it had to be read again,
    /// it writes the new image while the caller matches (``LoadedTable/imageWritten()``).
    ///
    /// Each record's stored match values are decoded; a record landed before they were stored is standardized
    /// again from its attributes. A record that can be read neither way is left out, logged with its id and
    /// returned in ``LoadedTable/unreadable``, never dropped without a word.
    func load(
        _ entity: MatchEntity, employerCluster: @escaping @Sendable (String) -> String?, companyPhones: Set<String>
    ) async throws -> LoadedTable {
        bind(try await read(entity), employerCluster: employerCluster, companyPhones: companyPhones)
    }

    /// A table's image as read (``read(_:)``), before what other records decide is bound to it.
    struct ReadImage: Sendable {
        let image: RecordTableImage
        let unreadable: [String]
        let restandardized: Int
        let reread: Int
        let imageWrite: Task<Void, any Error>?
        /// Seconds per part of the read, logged with the bind's.
        let laps: Logger.Metadata
    }

    /// The part of ``load(_:employerCluster:companyPhones:)`` that needs nothing from other entities: the image
    /// (stored or built from every record), patched with the records read again, and its write when due.
    func read(_ entity: MatchEntity) async throws -> ReadImage {
        let clock = ContinuousClock()
        var lapStart = clock.now
        var laps: Logger.Metadata = [:]
        func lap(_ part: String) {
            laps[part] = "\((clock.now - lapStart).secondsValue)"
            lapStart = clock.now
        }
        let images = MatchTableImageRepository(database: database)
        let landedRecords = LandedRecordRepository(database: database)
        let log = LandingChanges(database: database)
        let attributes = RecordTableImage.attributes(of: engine.configuration[entity])
        // Read before any record: every batch up to these numbers has committed, so the image built from what is
        // read after holds at least their changes, and the next run reads the log from them.
        let marks = try await log.marks(entity: entity.rawValue)
        let hasImage = try await images.exists(entity: entity.rawValue)
        // A few rows (each image write prunes what it holds), read while the image is decoded.
        async let logged = hasImage ? log.batches(entity: entity.rawValue) : []
        let stored = hasImage ? try await images.image(entity: entity) : nil
        // Awaited on every path: a query cancelled mid-flight would cost its connection.
        let batches = try await logged
        var base = stored.flatMap { $0.entity == entity && $0.attributes == attributes ? $0 : nil }
        let changed = base.flatMap { Self.changed(since: $0, batches: batches, marks: marks) }
        if base != nil, changed == nil {
            logger.notice(
                "stored match table image cannot be brought up to date from the landing log; reading every record",
                metadata: ["entity": "\(entity.rawValue)"])
            base = nil
        }
        lap("image_read_s")
        var builder = engine.imageBuilder(for: entity, base: base)
        var unreadable: [String] = []
        var unreadableIDs: [UUID] = []
        var restandardized = 0
        let standardizer = standardizer
        let logger = logger
        func append(_ page: [LandedRecordRepository.LandedRecord], _ prepared: [Prepared]) {
            for (landed, outcome) in zip(page, prepared) {
                switch outcome {
                case .record(let record, let employerRef, let fromAttributes):
                    builder.append(
                        record, recordID: landed.sourceRecordID, version: landed.version, employerRef: employerRef)
                    if fromAttributes { restandardized += 1 }
                case .unreadable:
                    let id = Self.recordID(source: landed.source, key: landed.sourceKey)
                    logger.warning(
                        "record left out of matching: its stored values cannot be read",
                        metadata: ["record": "\(id)", "source_record_id": "\(landed.sourceRecordID)"])
                    unreadable.append(id)
                    unreadableIDs.append(landed.sourceRecordID)
                }
            }
        }
        var reread = 0
        var kept = 0
        if let base, let changed {
            // The records changed since the image was read are read again by id; every other row comes from the
            // image. Both merge in id order.
            let page = try await landedRecords.records(ids: changed)
            let prepared = await Self.prepare(page, entity: entity, standardizer: standardizer)
            // Named up front, the few records read again spare the builder hashing every value and employer
            // reference of the image.
            var records: [MatchRecord] = []
            var employerRefs: [String] = []
            for case .record(let record, let employerRef, _) in prepared {
                records.append(record)
                if let employerRef { employerRefs.append(employerRef) }
            }
            builder.expect(records, employerRefs: employerRefs)
            reread = page.count
            lap("reread_s")
            // The image's rows of changed records give way to their current rows (none when since deleted).
            var dropped: [Int] = []
            for id in changed {
                let row = base.recordIDs.firstIndex(notOlderThan: id)
                if row < base.count && base.recordIDs[row] == id { dropped.append(row) }
            }
            kept = base.count - dropped.count
            // Runs of consecutive kept rows go to the builder whole.
            var row = 0
            var next = 0
            func appendBase(upTo end: Int) {
                while row < end {
                    let stop = next < dropped.count ? min(end, dropped[next]) : end
                    builder.append(baseRows: row..<stop)
                    row = stop
                    if row < end {
                        row += 1
                        next += 1
                    }
                }
            }
            for (index, landed) in page.enumerated() {
                appendBase(upTo: base.recordIDs.firstIndex(notOlderThan: landed.sourceRecordID))
                append([landed], [prepared[index]])
            }
            appendBase(upTo: base.count)
        } else {
            // Appending to the image interns every value on one core; preparing the next page overlaps it.
            var previous: (page: [LandedRecordRepository.LandedRecord], prepared: [Prepared])?
            try await landedRecords.forEachPage(entity: entity.rawValue) { page in
                async let prepared = Self.prepare(page, entity: entity, standardizer: standardizer)
                if let previous { append(previous.page, previous.prepared) }
                previous = (page, await prepared)
            }
            if let previous { append(previous.page, previous.prepared) }
        }
        var built = builder.build()
        built.landingMarks = marks
        built.unreadableRecordIDs = unreadableIDs
        let image = built
        lap("build_s")
        laps["entity"] = "\(entity.rawValue)"
        laps["records"] = "\(image.count)"
        laps["records_read"] = "\(base == nil ? image.count : reread)"
        var write: Task<Void, any Error>?
        // Rows the stored image no longer holds as they are: read again, or of records since deleted.
        let stale = reread + (base?.count ?? 0) - kept
        if base == nil || Double(stale) > Self.imageRefreshShare * Double(max(image.count, 1)) {
            // Encoded a part at a time as the store takes them: never the whole encoding beside the image.
            write = Task {
                try await images.save(entity: entity.rawValue, marks: image.landingMarks) { emit in
                    try await image.encode(partSize: MatchTableImageRepository.partSize, emit)
                }
            }
        }
        return ReadImage(
            image: image, unreadable: unreadable, restandardized: restandardized,
            reread: base == nil ? image.count : reread, imageWrite: write, laps: laps)
    }

    /// The table of a read image with the employers' clusters and the organizations' numbers bound.
    func bind(
        _ read: ReadImage, employerCluster: @escaping @Sendable (String) -> String?, companyPhones: Set<String>
    ) -> LoadedTable {
        let clock = ContinuousClock()
        let start = clock.now
        let image = read.image
        // Each employer reference's cluster once: the table's column and the rows' employers both need it.
        let refClusters = image.employerRefs.map(employerCluster)
        var binding = RecordBinding(companyPhones: companyPhones, employerCluster: employerCluster)
        binding.employerRefClusters = refClusters
        let table = engine.table(image: image, binding: binding)
        var laps = read.laps
        laps["bind_s"] = "\((clock.now - start).secondsValue)"
        logger.info("match table read", metadata: laps)
        return LoadedTable(
            table: table, recordIDs: image.recordIDs, versions: image.versions,
            employers: image.employerClusters(ofRefs: refClusters), unreadable: read.unreadable,
            restandardized: read.restandardized, reread: read.reread, imageWrite: read.imageWrite)
    }

    /// The ids of the records an image's rows may no longer match, ascending: those of the landing batches logged
    /// after the image's marks, and the records it could not read; `nil` when the log cannot tell, and every record
    /// must be read: the image has no marks, a source's numbers went back (its log was started again), or a batch
    /// between the image's marks and `marks` (read before the log) is missing from the log.
    static func changed(
        since image: RecordTableImage, batches: [LandingChanges.Batch], marks: [String: Int64]
    ) -> [UUID]? {
        guard let since = image.landingMarks else { return nil }
        for (source, mark) in since where mark > (marks[source] ?? 0) { return nil }
        var ids = image.unreadableRecordIDs
        var logged: [String: Set<Int64>] = [:]
        for batch in batches where batch.batch > (since[batch.source] ?? 0) {
            logged[batch.source, default: []].insert(batch.batch)
            ids.append(contentsOf: batch.ids)
        }
        for (source, mark) in marks {
            let first = (since[source] ?? 0) + 1
            guard first > mark || (first...mark).allSatisfy({ logged[source]?.contains($0) == true }) else {
                return nil
            }
        }
        ids.sort { $0.isOlder(than: $1) }
        var unique: [UUID] = []
        unique.reserveCapacity(ids.count)
        for id in ids where unique.last != id { unique.append(id) }
        return unique
    }

    /// The share of an image's rows read again (changed, new or deleted records) above which a run writes a new
    /// image. Below it the next run reads those few records again, which costs less than writing the whole image.
    static let imageRefreshShare = 0.05

    /// The newest stored model of one entity and its version, decoded; `nil` when there is none, or when it was
    /// trained for other comparisons (logged: the match trains a new version).
    ///
    /// Apart from ``match(_:model:decisions:learning:)`` so a caller can read it while the table is built: an
    /// organization model's term frequencies are megabytes of JSON, a second's decoding on the core the table's
    /// build leaves idle.
    func storedModel(_ entity: MatchEntity) async throws -> StoredModel? {
        guard let stored = try await MatchModelRepository(database: database).load(entity: entity.rawValue) else {
            return nil
        }
        let decoded = try JSONDecoder().decode(MatchModel.self, from: Data(stored.parametersJSON.utf8))
        guard decoded.fits(engine.configuration[entity]) else {
            logger.notice(
                "stored match model was trained for other comparisons; training a new version",
                metadata: ["entity": "\(entity.rawValue)", "stored_version": "\(stored.version)"])
            return nil
        }
        return StoredModel(model: decoded, version: stored.version)
    }

    /// A stored model with its version.
    struct StoredModel: Sendable {
        let model: MatchModel
        let version: Int
    }

    /// Like ``match(_:model:decisions:learning:)``, starting from the state the last run left (``MatchState``;
    /// `nil` for none) and returning the next one: with the stored model, only the link components a change touches
    /// are scored and clustered again. Without a stored model it trains one, stores it and stamps the state with it.
    func match(
        _ loaded: LoadedTable, model stored: StoredModel?, decisions: [StewardDecision], previous: MatchState?
    ) async throws -> EntityOutcome {
        let table = loaded.table
        let entity = table.entity
        let models = MatchModelRepository(database: database)
        // A record with a new version is matched (and survived) again even when its match values did not move.
        let outcome = await engine.match(
            table, model: stored?.model, decisions: decisions, previous: previous,
            fingerprint: stateFingerprint(entity, modelVersion: stored?.version ?? 0),
            revisions: loaded.versions.map { UInt64(truncatingIfNeeded: $0) })
        var version = stored?.version ?? 0
        var state = outcome.state
        if outcome.trained, table.count > 1 {
            let encoded = String(decoding: try JSONEncoder().encode(outcome.result.model), as: UTF8.self)
            version = try await models.save(entity: entity.rawValue, parametersJSON: encoded, runID: nil)
            state = state?.stamped(stateFingerprint(entity, modelVersion: version))
        }
        logger.info(
            "matched",
            metadata: [
                "entity": "\(entity.rawValue)", "records": "\(table.count)", "model": "\(version)",
                "unreadable": "\(loaded.unreadable.count)",
                "region": "\(outcome.region.map { "\($0.count)" } ?? "all: \(outcome.fullReason ?? "")")",
            ])
        var result = EntityOutcome(
            entity: entity, result: outcome.result, modelVersion: version, trained: outcome.trained,
            recordIDs: loaded.recordIDs, unreadable: loaded.unreadable, restandardized: loaded.restandardized,
            recordsRead: loaded.reread)
        result.state = state
        result.region = outcome.region
        result.fullReason = outcome.fullReason
        return result
    }

    /// Blocks, scores and clusters one loaded table with `stored` (``storedModel(_:)``); without one it trains and
    /// stores a new version. Every pair is scored and no state is made (`golden match`, `golden train`).
    func match(
        _ loaded: LoadedTable, model stored: StoredModel?, decisions: [StewardDecision], learning: Double? = nil
    ) async throws -> EntityOutcome {
        let table = loaded.table
        let entity = table.entity
        let models = MatchModelRepository(database: database)
        let model = stored?.model
        var version = stored?.version ?? 0
        var rules = decisions
        if learning != nil, model == nil {
            // The steward decisions as the golden job reads them (approve, reject, split, move, latest wins): the
            // run respects them, and the new model learns from the pairs they link.
            let repository = GoldenRecordRepository(database: database)
            rules = try await GoldenRecordJob.hardRules(
                try await StewardDecisionRepository(database: database).live(entity: entity.rawValue), loaded: loaded,
                previous: try await repository.currentMembership(entity: entity.rawValue),
                resolve: { try await repository.resolve($0)?.goldenID })
        }
        let result = await engine.match(table, model: model, decisions: rules, learning: model == nil ? learning : nil)
        var trained = false
        if model == nil, table.count > 1 {
            let encoded = String(decoding: try JSONEncoder().encode(result.model), as: UTF8.self)
            version = try await models.save(entity: entity.rawValue, parametersJSON: encoded, runID: nil)
            trained = true
        }
        logger.info(
            "matched",
            metadata: [
                "entity": "\(entity.rawValue)", "records": "\(table.count)", "model": "\(version)",
                "unreadable": "\(loaded.unreadable.count)",
            ])
        return EntityOutcome(
            entity: entity, result: result, modelVersion: version, trained: trained, recordIDs: loaded.recordIDs,
            unreadable: loaded.unreadable, restandardized: loaded.restandardized, recordsRead: loaded.reread)
    }

    /// Names what a ``MatchState`` is valid for: the entity's stored model version, its configuration, and what a
    /// stored record becomes in the table (``RecordTableImage/formatVersion``).
    func stateFingerprint(_ entity: MatchEntity, modelVersion: Int) -> UInt64 {
        var digest = StableDigest()
        digest.add("match-state")
        digest.add(entity.rawValue)
        digest.add(UInt64(modelVersion))
        digest.add(UInt64(RecordTableImage.formatVersion))
        digest.add(stateSalt)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let configuration = (try? encoder.encode(engine.configuration[entity])).map { String(decoding: $0, as: UTF8.self) }
        digest.add(configuration ?? "unencodable \(UUID())")
        return digest.value
    }

    /// The state the last run of `entity` left, `nil` when there is none or it cannot be read (a cache: the run then
    /// matches every record).
    func storedState(_ entity: MatchEntity) async throws -> MatchState? {
        guard let bytes = try await MatchStateRepository(database: database).load(entity: entity.rawValue) else {
            return nil
        }
        guard let state = MatchState.decode(bytes) else {
            logger.notice("stored match state unreadable; matching every record", metadata: ["entity": "\(entity.rawValue)"])
            return nil
        }
        return state
    }

    enum Prepared: Sendable {
        case record(MatchRecord, employerRef: String?, fromAttributes: Bool)
        case unreadable
    }

    /// Decodes (or, for old rows, standardizes) a page on all cores, keeping its order. Records come unbound: every
    /// personal number, and the employer as its reference (``RecordTableImage``).
    static func prepare(
        _ page: [LandedRecordRepository.LandedRecord], entity: MatchEntity, standardizer: RecordStandardizer
    ) async -> [Prepared] {
        await OrderedParallelMap.map(page) { landed in
            let id = recordID(source: landed.source, key: landed.sourceKey)
            let values: [MatchAttribute: [String]]
            let fromAttributes: Bool
            if let text = landed.matchValues {
                guard let decoded = StoredMatchValues.decode(text) else { return .unreadable }
                values = decoded
                fromAttributes = false
            } else {
                guard let party = StoredPartyDocument.decode(landed.attributesJSON)?.rawParty else { return .unreadable }
                let ref = SourceRecordRef(source: landed.source, id: landed.sourceKey)
                let standardized = standardizer.standardize(
                    RawSourceRecord(
                        ref: ref, modifiedAt: landed.modifiedAt ?? Date(timeIntervalSince1970: 0), party: party))
                values = MatchRecord.storedValues(of: standardized.record)
                fromAttributes = true
            }
            return .record(
                MatchRecord(stored: values, id: id, source: landed.source, entity: entity),
                employerRef: values[.employerRef]?.first, fromAttributes: fromAttributes)
        }
    }
}
