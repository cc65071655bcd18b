import Foundation
import GoldenCore
import GoldenStore
import Logging
import Matching
import Survivorship
import Synchronization

/// Match → golden records: turns the clusters of a match run into durable golden identity.
///
/// Per entity (organizations first, so persons compare their employers' golden ids): read the landed records,
/// read the steward decisions as hard rules, match, plan the identity change against the stored membership and
/// write it; refresh the review queue. The whole run holds the store's identity lock, so two runs (or a run and
/// a steward's split) never decide on the same stale membership. A run with no change writes zero versions.
public struct GoldenRecordJob: Sendable {
    /// What the run did, in the shape `golden sync --json` prints.
    public struct Summary: Sendable, Codable {
        public struct Match: Sendable, Codable {
            public var pairsScored = 0
            public var autoLinked = 0
            public var reviewQueued = 0
            public var unreadable = 0
            public var restandardized = 0
            /// Records read from the store; the rest came from the stored image of the last run's tables.
            public var recordsRead = 0
            /// Records whose pairs were scored and clustered again (all of them when the run could not start from the
            /// last run's match state); the others kept their clusters.
            public var recordsMatched = 0

            enum CodingKeys: String, CodingKey {
                case pairsScored = "pairs_scored", autoLinked = "auto_linked", reviewQueued = "review_queued"
                case unreadable, restandardized, recordsRead = "records_read", recordsMatched = "records_matched"
            }
        }

        public struct Golden: Sendable, Codable {
            public var created = 0
            public var updated = 0
            public var merged = 0
            public var split = 0
            public var retired = 0
            public var versions = 0
            /// Golden records whose values survivorship computed again (new values or not).
            public var survived = 0
            /// Of those, the ones whose values were written (they changed, or a membership version carries them).
            public var valuesChanged = 0
            /// Open proposals filed for finance (a repeated difference is filed once).
            public var proposals = 0
            /// Outbox rows written for sources to receive the golden values.
            public var deltasQueued = 0
            /// Bytes of lineage JSON written (the largest thing survivorship writes).
            public var lineageBytes = 0
            /// Members left out of survivorship because their stored attributes could not be read (each is logged
            /// with its source record id); their golden record survives from the other members.
            public var unreadable = 0

            enum CodingKeys: String, CodingKey {
                case created, updated, merged, split, retired, versions, survived, proposals, unreadable
                case valuesChanged = "values_changed", deltasQueued = "deltas_queued", lineageBytes = "lineage_bytes"
            }
        }

        public var runID: UUID?
        public var match = Match()
        public var golden = Golden()
        /// `source/key` of records whose stored values could not be read (at most 100 listed).
        public var unreadableRecords: [String] = []
        public var seconds: Double = 0
        /// Wall seconds per phase and entity (`organization_read`, `organization_block`, …, `person_write`).
        public var phases: [String: Double] = [:]

        enum CodingKeys: String, CodingKey {
            case runID = "run_id", match, golden, unreadableRecords = "unreadable_records", seconds
            case phases = "phases_s"
        }

        /// Adds a later run of the same sync (survivorship again after conflicts at push time).
        public mutating func add(_ later: Summary) {
            match.pairsScored += later.match.pairsScored
            match.autoLinked += later.match.autoLinked
            match.recordsRead += later.match.recordsRead
            match.recordsMatched += later.match.recordsMatched
            match.reviewQueued = later.match.reviewQueued
            golden.created += later.golden.created
            golden.updated += later.golden.updated
            golden.merged += later.golden.merged
            golden.split += later.golden.split
            golden.retired += later.golden.retired
            golden.versions += later.golden.versions
            golden.survived += later.golden.survived
            golden.valuesChanged += later.golden.valuesChanged
            golden.proposals += later.golden.proposals
            golden.deltasQueued += later.golden.deltasQueued
            golden.lineageBytes += later.golden.lineageBytes
            seconds += later.seconds
            phases.merge(later.phases, uniquingKeysWith: +)
        }

        /// Adds one entity's survive-and-write figures; members left out of survivorship are logged by id.
        mutating func add(_ written: WriteOutcome, entity: MatchEntity, logger: Logger) {
            golden.survived += written.survived
            golden.valuesChanged += written.valuesChanged
            golden.versions += written.valuesOnlyVersions
            golden.proposals += written.proposals
            golden.deltasQueued += written.deltas
            golden.lineageBytes += written.lineageBytes
            golden.unreadable += written.unreadable.count
            for (phase, seconds) in written.phases { phases["\(entity.rawValue)_\(phase)", default: 0] += seconds }
            for member in written.unreadable {
                logger.warning(
                    "member left out of survivorship: its stored attributes cannot be read",
                    metadata: ["entity": "\(entity.rawValue)", "source_record_id": "\(member)"])
            }
        }

        mutating func add(_ plan: GoldenIdentityPlan) {
            golden.created += plan.counts.created
            golden.updated += plan.counts.updated
            golden.merged += plan.counts.merged
            golden.split += plan.counts.split
            golden.retired += plan.counts.retired
            golden.versions += plan.versions.count
        }
    }

    let database: GoldenDatabase
    let matchJob: MatchJob
    let survivorship: SurvivorshipConfiguration
    let now: @Sendable () -> Date
    let publish: PublishRules?
    /// Golden records survived and written per chunk (``survivalChunkSize`` unless a test asks for small chunks).
    let chunkSize: Int
    /// Start each entity's match from the state the last run left (``MatchState``); `false` matches every record
    /// (`golden bench golden-run --full-match`, to time the whole match on a kept store).
    public var startsFromMatchState = true
    let logger: Logger

    /// - Parameters:
    ///   - survivorship: the rules golden values are chosen by (`mappings/survivorship.yaml`).
    ///   - now: the clock trust decay measures ages against; injected so tests can move time.
    ///   - publish: which sources receive golden values back: changed records write their deltas to the outbox
    ///     with their version. `nil` publishes nothing.
    public init(
        database: GoldenDatabase, standardizer: RecordStandardizer, configuration: MatchConfiguration = .init(),
        survivorship: SurvivorshipConfiguration = .standard, now: @escaping @Sendable () -> Date = { Date() },
        publish: PublishRules? = nil, chunkSize: Int = Self.survivalChunkSize, logger: Logger
    ) {
        self.publish = publish
        self.chunkSize = max(1, chunkSize)
        self.database = database
        var matchJob = MatchJob(
            database: database, standardizer: standardizer, configuration: configuration, logger: logger)
        // A run survives only the golden records its match region touches (and those flagged): new survivorship
        // rules must not meet a state that would leave the others as they were.
        matchJob.stateSalt = survivorship.fingerprint
        self.matchJob = matchJob
        self.survivorship = survivorship
        self.now = now
        self.logger = logger
    }

    /// Matches, updates golden identity and survives the values of every golden record whose inputs changed.
    ///
    /// - Parameter resurvive: compute every golden record's values again, changed inputs or not (trust decay moves
    ///   with the clock; `golden survive` sets it).
    public func run(runID: UUID? = nil, resurvive: Bool = false) async throws -> Summary {
        try await execute(runID: runID, resurvive: resurvive, dryRun: false).0
    }

    /// What a run would change, computed in full and written nowhere: golden records created, merged, split or
    /// retired (in the summary), and every attribute value that would change, before → after with the rule.
    ///
    /// - Parameter resurvive: recompute every record's values (to preview a changed rules file), not only those
    ///   whose inputs changed.
    public func preview(resurvive: Bool = true) async throws -> (summary: Summary, changes: [ValueChanges]) {
        let preview = try await whatIf(resurvive: resurvive)
        return (preview.summary, preview.changes)
    }

    /// A preview with the deltas the run would queue (when the job publishes): what `golden sync --dry-run` shows.
    public struct Preview: Sendable {
        public let summary: Summary
        public let changes: [ValueChanges]
        /// The outbox rows the run would write, one per source record, by golden id.
        public let deltas: [UUID: [SurvivedValues.Delta]]
    }

    /// Like ``preview(resurvive:)``, and also the deltas the run would queue for the sources that receive values.
    public func whatIf(resurvive: Bool) async throws -> Preview {
        let (summary, changes, deltas) = try await execute(runID: nil, resurvive: resurvive, dryRun: true)
        return Preview(summary: summary, changes: changes, deltas: deltas)
    }

    /// One golden record's attribute changes in a preview.
    public struct ValueChanges: Sendable, Encodable {
        public let goldenID: UUID
        public let entity: String
        /// `true` for a golden record the run would create.
        public let isNew: Bool
        public let changes: [AttributeChange]

        enum CodingKeys: String, CodingKey {
            case entity, changes
            case goldenID = "golden_id", isNew = "new"
        }
    }

    private func execute(runID: UUID?, resurvive: Bool, dryRun: Bool) async throws
        -> (Summary, [ValueChanges], [UUID: [SurvivedValues.Delta]])
    {
        // A preview computes the deltas too (when the job publishes); it writes them nowhere.
        let phase = SurvivorshipPhase(
            database: database, configuration: survivorship, now: now(), publish: publish, logger: logger)
        let clock = ContinuousClock()
        let start = clock.now
        let golden = GoldenRecordRepository(database: database)
        // One entity's survive-and-write overlaps the next one's read and match, and each leaves holes in the heap
        // the other's allocations pin; freed pages go back every second instead of at phase ends only.
        let releaser = FreedMemory.releasing(every: .seconds(1))
        defer { releaser.cancel() }
        var (summary, changes, deltas) = try await golden.withIdentityLock {
            var summary = Summary(runID: runID)
            // A run that would read exactly what the last completed run read stops here: it would write nothing.
            let inputsClock = clock.now
            let inputs = dryRun || resurvive ? nil : try await RunInputs.read(from: database, configuration: self)
            if let inputs {
                summary.phases["inputs_check"] = (clock.now - inputsClock).secondsValue
                if inputs.unchanged {
                    logger.info("golden run: nothing changed since the last completed run; nothing to match")
                    return (summary, [ValueChanges](), [UUID: [SurvivedValues.Delta]]())
                }
            }
            let decisions = try await StewardDecisionRepository(database: database).live()
            // Golden records any decision ever named are survived by every run that survives only its region.
            let named = try await StewardDecisionRepository(database: database).goldenIDsNamed()
            // The persons' inputs need nothing from the organizations (only their bind does): when they come from a
            // stored image, they are read while the organizations are read and matched, which leave a core idle most
            // of the time. Without an image the read is every landed record, as heavy as a match: it waits its turn.
            let personsEarly = try await MatchTableImageRepository(database: database).exists(
                entity: MatchEntity.person.rawValue)
            async let earlyPersonInputs = personsEarly ? readInputs(.person) : nil
            // A preview survives everything up front (it returns every value); a run survives while it writes.
            let organizations: EntityPlan
            do {
                organizations = try await prepare(
                    .organization, inputs: nil, decisions: decisions, employerCluster: { _ in nil },
                    companyPhones: [], everyGroup: resurvive, namedByDecisions: named, preview: dryRun
                        ? {
                            try await phase.survive(
                                kind: .organization, groups: $0, force: resurvive, keepComputed: true)
                        }
                        : nil,
                    summary: &summary)
            } catch {
                // Awaited, not cancelled: a query cancelled mid-flight would cost its connection.
                _ = try? await earlyPersonInputs
                throw error
            }
            let personInputs = try await earlyPersonInputs
            // Freed pages go back between entities; the seconds count into the entity's `release` phase.
            func release(after entity: MatchEntity) {
                let start = clock.now
                FreedMemory.release()
                summary.phases["\(entity.rawValue)_release", default: 0] += (clock.now - start).secondsValue
            }
            // The organizations' table and match are gone; their writes and the persons' read come next, together.
            release(after: .organization)
            // The organizations' golden records are survived and written while persons are read and matched:
            // persons need only the organizations' planned ids, and the store's work overlaps ours.
            async let organizationsWritten =
                dryRun ? WriteOutcome() : write(organizations, phase: phase, force: resurvive, runID: runID)
            let employerGolden = organizations.goldenIDByRecord
            let persons = try await prepare(
                .person, inputs: personInputs, decisions: decisions, employerCluster: { employerGolden[$0] },
                companyPhones: organizations.phones, everyGroup: resurvive, namedByDecisions: named,
                preview: dryRun
                    ? { try await phase.survive(kind: .person, groups: $0, force: resurvive, keepComputed: true) }
                    : nil,
                summary: &summary)
            release(after: .person)
            let waitStart = clock.now
            summary.add(try await organizationsWritten, entity: .organization, logger: logger)
            // The persons' write starts when the organizations' is done (a crash point sits between them).
            summary.phases["organization_write_wait"] = (clock.now - waitStart).secondsValue
            if !dryRun { CrashPoint.reach(.organizationsWritten) }
            guard !dryRun else {
                var deltas: [UUID: [SurvivedValues.Delta]] = [:]
                for values in organizations.survived.values + persons.survived.values where !values.deltas.isEmpty {
                    deltas[values.goldenID] = values.deltas
                }
                return (summary, try await valueChanges(organizations) + valueChanges(persons), deltas)
            }
            summary.add(
                try await write(persons, phase: phase, force: resurvive, runID: runID), entity: .person, logger: logger)
            if let inputs {
                try await inputs.record(
                    modelsUsed: [organizations.entity: organizations.modelVersion, persons.entity: persons.modelVersion],
                    runID: runID, in: database)
            }
            return (summary, [ValueChanges](), [UUID: [SurvivedValues.Delta]]())
        }
        summary.seconds = (clock.now - start).secondsValue
        return (summary, changes, deltas)
    }

    /// The attribute changes of one entity's previewed values against the stored ones.
    private func valueChanges(_ prepared: EntityPlan) async throws -> [ValueChanges] {
        let repository = GoldenRecordRepository(database: database)
        let kind: PartyKind = prepared.entity == .person ? .person : .organization
        let changed = prepared.survived.values.map(\.goldenID)
        let created = Set(prepared.plan.versions.filter(\.isNew).map(\.golden))
        var result: [ValueChanges] = []
        var start = 0
        while start < changed.count {
            let ids = Array(changed[start..<min(start + 10_000, changed.count)])
            start += ids.count
            let stored = try await repository.currentLineage(of: ids)
            for id in ids {
                guard let values = prepared.survived.computed[id] else { continue }
                let previous = stored[id].map { text in
                    GoldenRecordValues(
                        kind: kind,
                        lineage: ((try? LineageDocument.decode(text)) ?? []).sorted { $0.attribute < $1.attribute })
                }
                let changes = values.changes(from: previous)
                guard !changes.isEmpty else { continue }
                result.append(
                    ValueChanges(
                        goldenID: id, entity: prepared.entity.rawValue, isNew: created.contains(id), changes: changes))
            }
        }
        return result
    }

    /// One entity's run, decided but not yet written.
    struct EntityPlan: Sendable {
        let entity: MatchEntity
        let plan: GoldenIdentityPlan
        let candidates: [MatchCandidateRepository.Candidate]
        /// The records whose pairs the match scored again (their review pairs are `candidates`); `nil`: every record.
        let region: [UUID]?
        /// When `groups` are some of the clusters only (those the region touched, and those flagged): how many
        /// clusters there are. `nil`: `groups` are all of them.
        let groupsOf: Int?
        let modelVersion: Int
        /// `source/key` → golden id text, for persons' employers.
        let goldenIDByRecord: [String: String]
        let phones: Set<String>
        /// Each cluster's members, for survivorship.
        let groups: [SurvivorshipPhase.Group]
        /// A preview's survived values (a run survives while it writes).
        let survived: SurvivorshipPhase.Outcome
    }

    /// What one entity's match starts from: the image of its table, its open membership and its stored model.
    struct EntityInputs: Sendable {
        let image: MatchJob.ReadImage
        let membership: GoldenMembership
        let model: MatchJob.StoredModel?
        /// What the last run's match decided (``MatchState``), `nil` for none.
        let state: MatchState?
    }

    /// Reads one entity's inputs. The membership and the stored model are the server's work and a decode: they are
    /// read while the table is built, which keeps one core busy and the other idle.
    private func readInputs(_ entity: MatchEntity) async throws -> EntityInputs {
        async let membership = GoldenRecordRepository(database: database).currentMembership(entity: entity.rawValue)
        // The model and the state one after the other, on one connection at a time: a run already holds several.
        let fromState = startsFromMatchState
        async let modelAndState = (
            model: matchJob.storedModel(entity), state: fromState ? matchJob.storedState(entity) : nil
        )
        let image = try await matchJob.read(entity)
        let (model, state) = try await modelAndState
        return EntityInputs(image: image, membership: try await membership, model: model, state: state)
    }

    /// Reads, matches and plans one entity; adds its figures to `summary`.
    ///
    /// - Parameter inputs: the entity's inputs when they were read already (``readInputs(_:)``); `nil` reads them.
    private func prepare(
        _ entity: MatchEntity, inputs early: EntityInputs?, decisions: [StewardDecisionRepository.Decision],
        employerCluster: @escaping @Sendable (String) -> String?, companyPhones: Set<String>, everyGroup: Bool,
        namedByDecisions: Set<UUID>,
        preview: (([SurvivorshipPhase.Group]) async throws -> SurvivorshipPhase.Outcome)?, summary: inout Summary
    ) async throws -> EntityPlan {
        let repository = GoldenRecordRepository(database: database)
        let clock = ContinuousClock()
        var lapStart = clock.now
        func lap(_ phase: String) {
            summary.phases["\(entity.rawValue)_\(phase)", default: 0] += (clock.now - lapStart).secondsValue
            lapStart = clock.now
        }
        let inputs = if let early { early } else { try await readInputs(entity) }
        let loaded = matchJob.bind(inputs.image, employerCluster: employerCluster, companyPhones: companyPhones)
        // The read's image and lookups are freed now; the match allocates its largest arrays next.
        FreedMemory.release()
        lap("read")
        let previous = inputs.membership
        let rules = try await Self.hardRules(
            decisions.filter { $0.entity == nil || $0.entity == entity.rawValue }, loaded: loaded,
            previous: previous, resolve: { try await repository.resolve($0)?.goldenID })
        guard loaded.table.count > 0 else {
            await loaded.imageWritten(logger: logger)
            // Nothing live of this entity: whoever was a member has left (deleted), and the queue empties.
            let plan = GoldenIdentityPlanner().plan(
                clusters: [], recordIDs: [], previous: previous, mint: { GoldenIdentifiers.timeOrdered() })
            summary.add(plan)
            return EntityPlan(
                entity: entity, plan: plan, candidates: [], region: nil, groupsOf: nil, modelVersion: 0,
                goldenIDByRecord: [:], phones: [], groups: [], survived: .init())
        }
        lap("rules")
        let outcome = try await matchJob.match(loaded, model: inputs.model, decisions: rules, previous: inputs.state)
        let result = outcome.result
        // The state is a cache of this match's result for these records: written for the next run (not by a preview,
        // which writes nothing), while this one plans and writes.
        let stateWrite: Task<Void, any Error>? = preview != nil ? nil : outcome.state.map { state in
            let repository = MatchStateRepository(database: database)
            return Task { try await repository.save(entity: entity.rawValue, bytes: state.encoded()) }
        }
        for timing in result.timings { summary.phases["\(entity.rawValue)_\(timing.stage)", default: 0] += timing.seconds }
        // The match's own stages are timed inside it; what is around them (the model's save, the log) is not.
        summary.phases["\(entity.rawValue)_match_other", default: 0] +=
            (clock.now - lapStart).secondsValue - result.timings.reduce(0) { $0 + $1.seconds }
        lapStart = clock.now
        await loaded.imageWritten(logger: logger)
        FreedMemory.release()
        lap("release")
        var region = outcome.region.map { rows in rows.map { loaded.recordIDs[Int($0)] } }
        if region != nil {
            // Open pairs of records no longer live go stale too (a deleted record's partner may be outside the region).
            let ids = loaded.recordIDs
            for id in try await MatchCandidateRepository(database: database).openRecordIDs(entity: entity.rawValue) {
                let low = ids.firstIndex(notOlderThan: id)
                if low == ids.count || ids[low] != id { region?.append(id) }
            }
        }
        let clusterRows = result.clustering.clusters()
        // Each row's position in `clusterRows` (the employers' golden ids, the clusters survivorship looks at).
        let clusterOfRow = result.clustering.clusterIndex().position
        // The review queue's explanations and the identity plan do not depend on each other: two cores.
        let recordIDs = loaded.recordIDs
        async let reviewCandidates = try await Self.reviewCandidates(result, recordIDs: recordIDs)
        let plan = GoldenIdentityPlanner().plan(
            clusters: clusterRows, recordIDs: recordIDs, previous: previous,
            mint: { GoldenIdentifiers.timeOrdered() })
        var goldenIDByRecord: [String: String] = [:]
        if entity == .organization {
            goldenIDByRecord.reserveCapacity(result.table.count)
            // One text per cluster, shared by its members' entries.
            var texts = [String?](repeating: nil, count: plan.clusterIDs.count)
            for (row, id) in result.table.ids.enumerated() {
                let cluster = clusterOfRow[row]
                let text = texts[cluster] ?? plan.clusterIDs[cluster].lowercasedText
                texts[cluster] = text
                goldenIDByRecord[id] = text
            }
        }
        let candidates = try await reviewCandidates
        lap("plan")
        let planned = Set(plan.versions.map(\.golden))
        // The clusters survivorship looks at. After a match that started from the last run's state, only those with a
        // record it matched again can have new inputs (a record with a new version is among those), besides golden
        // records flagged to be computed again and those a steward's decision names; every other cluster has the
        // members, versions and employers its stored input digest was computed from.
        let clusterIDs = plan.clusterIDs
        var wanted = Array(clusterRows.indices)
        if let rows = outcome.region, !everyGroup {
            var take = Array(repeating: false, count: clusterRows.count)
            for row in rows { take[clusterOfRow[Int(row)]] = true }
            let named = try await repository.goldenIDsToCompute(entity: entity.rawValue).union(namedByDecisions)
            for (index, id) in clusterIDs.enumerated() where planned.contains(id) || named.contains(id) {
                take[index] = true
            }
            wanted = wanted.filter { take[$0] }
        }
        // Three small arrays per cluster, hundreds of thousands of clusters: on both cores.
        let groups = await OrderedParallelMap.map(wanted, minimumCount: 4096) { index in
            let rows = clusterRows[index]
            return SurvivorshipPhase.Group(
                golden: clusterIDs[index], members: rows.map { loaded.recordIDs[$0] },
                versions: rows.map { loaded.versions[$0] }, employers: rows.map { loaded.employers[$0] },
                membershipChanged: planned.contains(clusterIDs[index]))
        }
        lap("groups")
        var survived = SurvivorshipPhase.Outcome()
        if let preview {
            survived = try await preview(groups)
            lap("survive")
            summary.add(
                WriteOutcome(survived: survived, planned: planned), entity: entity, logger: logger)
        }

        if let stateWrite {
            do {
                try await stateWrite.value
            } catch {
                // A cache: the next run matches every record.
                logger.warning(
                    "match state not written; the next run matches every record",
                    metadata: ["entity": "\(entity.rawValue)", "error": "\(error)"])
            }
        }
        lap("state_write")
        summary.match.pairsScored += result.scored.count
        summary.match.autoLinked += result.scored.decisions.lazy.filter { $0 == .link }.count
        summary.match.reviewQueued += candidates.count
        summary.match.unreadable += outcome.unreadable.count
        summary.match.restandardized += outcome.restandardized
        summary.match.recordsRead += outcome.recordsRead
        summary.match.recordsMatched += outcome.region?.count ?? result.table.count
        summary.unreadableRecords.append(contentsOf: outcome.unreadable.prefix(max(0, 100 - summary.unreadableRecords.count)))
        summary.add(plan)
        logger.info(
            "golden records",
            metadata: [
                "entity": "\(entity.rawValue)", "created": "\(plan.counts.created)",
                "updated": "\(plan.counts.updated)", "merged": "\(plan.counts.merged)",
                "split": "\(plan.counts.split)", "retired": "\(plan.counts.retired)",
            ])
        return EntityPlan(
            entity: entity, plan: plan, candidates: candidates, region: region,
            groupsOf: wanted.count == clusterRows.count ? nil : clusterRows.count, modelVersion: outcome.modelVersion,
            goldenIDByRecord: goldenIDByRecord, phones: MatchJob.phones(of: result.table), groups: groups,
            survived: survived)
    }

    /// The pairs a steward should look at (the review band), each with its explanation, for the queue.
    ///
    /// Encoding the explanations is most of the work (about 60 µs each with Foundation's encoder, thousands per
    /// run), so chunks of them are encoded on every core.
    static func reviewCandidates(
        _ result: EntityMatchResult, recordIDs: [UUID]
    ) async throws -> [MatchCandidateRepository.Candidate] {
        let review = result.reviewPairs
        let chunks = try await OrderedParallelMap.chunks(count: review.count, chunkSize: 256) { range in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var candidates: [MatchCandidateRepository.Candidate] = []
            candidates.reserveCapacity(range.count)
            for index in review[range] {
                let explanation = result.explain(pair: index)
                candidates.append(
                    .init(
                        leftID: recordIDs[Int(result.scored.pairs.left[index])],
                        rightID: recordIDs[Int(result.scored.pairs.right[index])],
                        matchWeight: Double(result.scored.weights[index]),
                        probability: result.scored.probability(index),
                        explanationJSON: String(decoding: try encoder.encode(explanation), as: UTF8.self)))
            }
            return candidates
        }
        return Array(chunks.joined())
    }

    /// What one entity's survive-and-write step did: survivorship's figures and the seconds of each part.
    struct WriteOutcome: Sendable {
        var survived = 0
        var valuesChanged = 0
        /// Versions that carry new values only (no membership change).
        var valuesOnlyVersions = 0
        var proposals = 0
        var deltas = 0
        var lineageBytes = 0
        var unreadable: [UUID] = []
        var phases: [String: Double] = [:]

        init() {}

        init(survived outcome: SurvivorshipPhase.Outcome, planned: Set<UUID>) {
            absorb(outcome, planned: planned)
        }

        /// Adds the figures of one chunk of survived values (the values themselves are not kept).
        mutating func absorb(_ outcome: SurvivorshipPhase.Outcome, planned: Set<UUID>) {
            survived += outcome.values.count + outcome.unchanged.count
            valuesChanged += outcome.values.count
            valuesOnlyVersions += outcome.values.lazy.filter { !planned.contains($0.goldenID) }.count
            proposals += outcome.values.reduce(0) { $0 + $1.proposals.count }
            deltas += outcome.values.reduce(0) { $0 + $1.deltas.count }
            lineageBytes += outcome.values.reduce(0) { $0 + $1.lineageUTF8.count }
            unreadable += outcome.unreadable
            phases["survive_read", default: 0] += outcome.readSeconds
            phases["survive_assemble", default: 0] += outcome.assembleSeconds
        }
    }

    /// The figures of the chunks of one write, added as the writer asks for chunks.
    private final class Tally: Sendable {
        let state = Mutex((outcome: WriteOutcome(), unchanged: [(goldenID: UUID, input: Int64)]()))
    }

    /// Golden records survived per chunk of a write: small enough that a chunk's member documents and lineage
    /// stay in the tens of megabytes, large enough that a chunk's statements cost little against its rows.
    public static let survivalChunkSize = 20_000

    /// Survives one entity's golden records whose inputs changed and writes them with the identity change, a
    /// chunk at a time, then the review queue.
    private func write(
        _ prepared: EntityPlan, phase: SurvivorshipPhase, force: Bool, runID: UUID?
    ) async throws -> WriteOutcome {
        let clock = ContinuousClock()
        var start = clock.now
        let entity = prepared.entity.rawValue
        let kind: PartyKind = prepared.entity == .person ? .person : .organization
        let repository = GoldenRecordRepository(database: database)
        // The review queue is a table of its own, in its own transaction: written beside the golden records.
        async let candidatesSeconds = refreshCandidates(prepared, runID: runID)
        let scope = try await phase.scope(
            kind: kind, groups: prepared.groups, force: force, clusters: prepared.groupsOf)
        let planned = Set(prepared.plan.versions.map(\.golden))
        let size = chunkSize
        let tally = Tally()
        let parts = try await repository.apply(
            prepared.plan, entity: entity, cause: .init(runID: runID), chunks: scope.chunkCount(size: size)
        ) { index in
            let outcome = try await phase.compute(scope, chunk: index, size: size)
            tally.state.withLock {
                $0.outcome.absorb(outcome, planned: planned)
                $0.unchanged += outcome.unchanged
            }
            return outcome.values
        }
        var result: WriteOutcome
        let unchanged: [(goldenID: UUID, input: Int64)]
        (result, unchanged) = tally.state.withLock { ($0.outcome, $0.unchanged) }
        try await repository.recordSurvivorshipInputs(unchanged)
        result.phases["write_golden"] = (clock.now - start).secondsValue
        start = clock.now
        let refreshSeconds = try await candidatesSeconds
        // The wait for the queue after the golden write; the refresh itself took `write_candidates_refresh`.
        result.phases["write_candidates"] = (clock.now - start).secondsValue
        result.phases["write_candidates_refresh"] = refreshSeconds
        for (part, seconds) in parts { result.phases["write_golden_\(part)"] = seconds }
        return result
    }

    /// Refreshes one entity's review queue; returns the seconds it took.
    private func refreshCandidates(_ prepared: EntityPlan, runID: UUID?) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await MatchCandidateRepository(database: database).refresh(
            entity: prepared.entity.rawValue, candidates: prepared.candidates, region: prepared.region,
            modelVersion: prepared.modelVersion, runID: runID)
        return (clock.now - start).secondsValue
    }

    /// Steward decisions as the engine's must-link / cannot-link pairs over this table's record ids.
    ///
    /// Approve and reject are one pair each. A split pins both sides: the leaving records stay together
    /// (must-link) and apart from those that stayed (cannot-link). A move must-links the record with the current
    /// members of its target (followed through merges) and cannot-links it from the members it left. Decisions
    /// come oldest first, so for the same pair a later decision wins.
    static func hardRules(
        _ decisions: [StewardDecisionRepository.Decision], loaded: MatchJob.LoadedTable,
        previous: GoldenMembership, resolve: (UUID) async throws -> UUID?
    ) async throws -> [StewardDecision] {
        guard !decisions.isEmpty else { return [] }
        var idOf: [UUID: String] = [:]
        idOf.reserveCapacity(loaded.recordIDs.count)
        for (row, record) in loaded.recordIDs.enumerated() { idOf[record] = loaded.table.ids[row] }
        // The targets of moves, followed through merges, and then their members in one walk of the membership.
        var targets: [UUID: UUID] = [:]
        for decision in decisions where decision.kind == .move {
            guard let target = decision.goldenID, targets[target] == nil else { continue }
            targets[target] = try await resolve(target) ?? target
        }
        let membersOf = targets.isEmpty ? [:] : previous.members(of: Set(targets.values))
        var rules: [StewardDecision] = []
        func add(_ a: UUID, _ b: UUID, _ kind: StewardDecision.Kind) {
            guard a != b, let left = idOf[a], let right = idOf[b] else { return }
            rules.append(StewardDecision(left, right, kind))
        }
        for decision in decisions {
            switch decision.kind {
            case .mustLink, .cannotLink:
                guard let a = decision.leftID, let b = decision.rightID else { continue }
                add(a, b, decision.kind == .mustLink ? .mustLink : .cannotLink)
            case .split:
                guard let first = decision.records.first else { continue }
                for record in decision.records.dropFirst() { add(first, record, .mustLink) }
                for leaving in decision.records {
                    for staying in decision.others { add(leaving, staying, .cannotLink) }
                }
            case .move:
                guard let record = decision.records.first, let target = decision.goldenID,
                    let current = targets[target]
                else { continue }
                for member in membersOf[current] ?? [] { add(record, member, .mustLink) }
                for left in decision.others { add(record, left, .cannotLink) }
            case .undo, .override, .confirm:
                continue
            }
        }
        return rules
    }
}
