import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import Sandbox
import SyncEngine
import Testing

/// The last three parts of the sync loop, against two Salesforce sandbox orgs and the real PostgreSQL: echoes
/// counted apart at landing, conflicts at push time, and `golden sync --dry-run`.
@Suite("Sync: echoes, conflicts, dry run", .database)
struct SyncConflictEchoDryRunTests {
    func job(_ db: TestDatabase, _ pair: SalesforcePair) throws -> SyncJob {
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(
                mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
        return SyncJob(
            database: db.database, connectors: pair.connectors, standardizer: standardizer,
            survivorship: try SurvivorshipSettingsLoader.load(
                contentsOf: repositoryRoot.appendingPathComponent("mappings/survivorship.yaml")),
            logger: db.logger)
    }

    @Test("the echo of a push is counted as an echo, not a new version, and the next sync pushes nothing")
    func echoesCountedApart() async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        try await withSandboxes(pair.servers()) { urls in
            let sources = try pair.sources(urls)
            let job = try job(db, pair)
            let first = try await job.run(sources, configured: sources, push: true)
            let pushed = try #require(first.deltas)
            #expect(pushed.pushed > 0 && pushed.errors.isEmpty)
            #expect(first.landing.sources.allSatisfy { $0.echoes == 0 })
            var touched: [String: Int] = [:]
            let rows = try await db.client.query(
                "SELECT source, count(DISTINCT source_record_id)::bigint FROM outbox WHERE state = 'acked' GROUP BY source")
            for try await (source, count) in rows.decode((String, Int).self) { touched[source] = count }

            // The pull after the push brings every pushed record back: each is our echo, none is a change.
            let second = try await job.run(sources, configured: sources, push: true)
            for source in second.landing.sources {
                #expect(source.echoes == touched[source.name, default: 0], "\(source.name)")
                #expect(source.newVersions == 0, "\(source.name)")
            }
            #expect(second.deltas?.pushed == 0)
            #expect(second.golden.golden.deltasQueued == 0)
            // The echoes landed all the same (the raw payloads are kept), and the run row counts them.
            let versions = try await scalar(db, "SELECT count(*)::int FROM raw_record_versions WHERE version > 1")
            #expect(versions == touched.values.reduce(0, +))
            let recorded = try await scalar(
                db, "SELECT coalesce(sum(echoes), 0)::int FROM sync_run_sources WHERE run_id = \(second.landing.runID)")
            #expect(recorded == touched.values.reduce(0, +))

            // Nothing moved since: a third sync has neither echoes nor versions.
            let third = try await job.run(sources, configured: sources, push: true)
            #expect(third.landing.sources.allSatisfy { $0.echoes == 0 && $0.newVersions == 0 })
        }
    }

    /// A person sets another website on an organization in the CRM (the sandbox stamps the record now).
    func setWebsite(_ website: String, key: String, source: SourceConfiguration, _ pair: SalesforcePair) async throws {
        let write = try await pair.connectors.makeConnector(for: source).push(
            [key: .object(["entity": .string("organization"), "fields": .object(["Website": .string(website)])])])
        #expect(write[key] == .accepted)
    }

    /// An echo keeps the time of the version before it, so our own write coming back does not make its record the
    /// newest. A person's edit made after our push is not an echo, and must keep its own time: the record's
    /// partner was edited later than it before the push, so with the earlier time the partner's older website would
    /// win "most recent" (the two tie on "most frequent") and the next push would write it over the person's edit.
    @Test("a person's edit after our push is not taken for its echo: it wins most recent and is not overwritten")
    func editAfterPushKeepsItsTime() async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        let servers = pair.servers()
        try await withSandboxes(servers) { urls in
            let sources = try pair.sources(urls)
            let job = try job(db, pair)
            _ = try await job.run(sources, configured: sources, push: true)
            // A record that received our website, in a golden record of two whose other member was edited later.
            let delivered = try await db.client.query(
                """
                SELECT o.source, s.source_key, o.source_record_id, x.source_record_id
                FROM outbox AS o JOIN source_records AS s USING (source_record_id)
                JOIN golden_records AS g ON g.golden_id = o.golden_id
                JOIN xref AS x ON x.golden_id = o.golden_id AND x.valid_to IS NULL
                    AND x.source_record_id <> o.source_record_id
                JOIN raw_record_versions AS mine ON mine.source_record_id = o.source_record_id AND mine.version = 1
                JOIN raw_record_versions AS theirs ON theirs.source_record_id = x.source_record_id
                    AND theirs.version = 1
                WHERE o.state = 'acked' AND o.delta -> 'fields' ? 'Website' AND g.member_count = 2
                  AND mine.modified_at < theirs.modified_at
                ORDER BY s.source_key LIMIT 1
                """)
            var found: (String, String, UUID, UUID)?
            for try await row in delivered.decode((String, String, UUID, UUID).self) { found = row }
            let (sourceName, key, recordID, partnerID) = try #require(found)
            let source = try #require(sources.first { $0.name == sourceName })
            let server = try #require(servers.first { $0.name == sourceName })

            // A person sets another website in the CRM after our push was delivered.
            let edited = "https://www.edited-after-push.ru"
            try await setWebsite(edited, key: key, source: source, pair)

            let synced = try await job.run(sources, configured: sources, push: true)
            #expect(synced.deltas?.errors.isEmpty == true)
            // Landing judged the edit a change, and the partner's version after our push an echo.
            #expect(
                try await scalar(
                    db,
                    """
                    SELECT count(*)::int FROM raw_record_versions
                    WHERE source_record_id = \(recordID) AND version = 2 AND echo = false
                    """) == 1)
            #expect(
                try await scalar(
                    db,
                    """
                    SELECT count(*)::int FROM raw_record_versions
                    WHERE source_record_id = \(partnerID) AND version = 2 AND echo
                    """) == 1)
            // Still one customer: the website is not matched on.
            let goldens = try await db.client.query(
                """
                SELECT count(DISTINCT golden_id)::int, max(g.attributes ->> 'website')
                FROM xref AS x JOIN golden_records AS g USING (golden_id)
                WHERE x.valid_to IS NULL AND x.source_record_id = ANY(\([recordID, partnerID]))
                """)
            var together: (Int, String?)?
            for try await row in goldens.decode((Int, String?).self) { together = row }
            let (count, website) = try #require(together)
            try #require(count == 1)
            #expect(website == "edited-after-push.ru")
            // The CRM keeps the person's value: nothing older was pushed over it.
            let record = try #require(await server.store.record(id: key))
            #expect(record.payload["Website"]?.stringValue == edited)
        }
    }

    /// `pushFirst`: the push runs alone right after the edit, so the store has not seen it (the push's own read
    /// finds it and re-pulls the record); otherwise the next sync pulls it first and the push still finds its
    /// delta computed from the older version.
    @Test(
        "a record edited at the source after the pull is pulled again and survived again, not overwritten blindly",
        arguments: [true, false])
    func conflictIsRepulledNotOverwritten(pushFirst: Bool) async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        let servers = pair.servers()
        try await withSandboxes(servers) { urls in
            let sources = try pair.sources(urls)
            let job = try job(db, pair)
            // Pull and publish, but leave the deltas in the outbox.
            _ = try await job.run(sources, configured: sources, push: false)
            // A delta that would set the website of a company two records make: the record a person edits at the
            // source meanwhile.
            let pending = try await db.client.query(
                """
                SELECT o.source, s.source_key, o.source_record_id, o.golden_id, o.golden_version,
                       o.delta -> 'fields' ->> 'Website'
                FROM outbox AS o JOIN source_records AS s USING (source_record_id)
                JOIN golden_records AS g ON g.golden_id = o.golden_id
                WHERE o.state = 'pending' AND o.delta -> 'fields' ? 'Website' AND g.member_count = 2
                ORDER BY s.source_key LIMIT 1
                """)
            var found: (String, String, UUID, UUID, Int, String)?
            for try await row in pending.decode((String, String, UUID, UUID, Int, String).self) { found = row }
            let (sourceName, key, recordID, goldenID, staleVersion, staleWebsite) = try #require(found)
            let source = try #require(sources.first { $0.name == sourceName })
            let server = try #require(servers.first { $0.name == sourceName })

            // A person sets another website in the CRM after our pull and before our push.
            let edited = "https://www.conflict-example.ru"
            try await setWebsite(edited, key: key, source: source, pair)

            if pushFirst {
                let watermarks = try await scalar(db, "SELECT count(*)::int FROM source_watermarks")
                let pushed = try await PushJob(
                    database: db.database, connectors: pair.connectors,
                    standardizer: RecordStandardizer(
                        standardizers: try ReferenceData.standardizers(
                            mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))),
                    logger: db.logger
                ).run(sources)
                #expect(pushed.conflicts == 1)
                #expect(pushed.pushed > 0)
                // Re-pulled without a pull: the record's newest version holds the edit, and no watermark moved.
                let versions = try await scalar(
                    db, "SELECT max(version)::int FROM raw_record_versions WHERE source_record_id = \(recordID)")
                #expect(versions == 2)
                #expect(try await scalar(db, "SELECT count(*)::int FROM source_watermarks") == watermarks)
            }
            let synced = try await job.run(sources, configured: sources, push: true)
            let deltas = try #require(synced.deltas)
            if !pushFirst { #expect(deltas.conflicts >= 1) }
            #expect(deltas.errors.isEmpty)

            // The stale row was superseded (kept, with its reason), never delivered.
            let stale = try await db.client.query(
                """
                SELECT state, coalesce(superseded_reason, '') FROM outbox
                WHERE source_record_id = \(recordID) AND golden_id = \(goldenID) AND golden_version = \(staleVersion)
                """)
            var staleState: (String, String)?
            for try await row in stale.decode((String, String).self) { staleState = row }
            let (state, reason) = try #require(staleState)
            #expect(state == "superseded")
            #expect(reason.contains("\(sourceName)/\(key)") && reason.contains("changed at the source"))

            // Not lost: the person's value was pulled (a new version) before anything was pushed to the record.
            let landed = try await db.client.query(
                """
                SELECT payload::jsonb ->> 'Website' FROM raw_record_versions WHERE source_record_id = \(recordID)
                ORDER BY version DESC LIMIT 1
                """)
            var latest: String?
            for try await website in landed.decode(String?.self) { latest = website }
            #expect(latest == edited)

            // Matching and survivorship decided again (with the new website the record may even stand alone; with
            // its old partner, most frequent ties and the most recent wins), and the push
            // carried only what still differed: the CRM keeps the person's value, and nothing delivered to the
            // record carries the stale website.
            let website = try await db.client.query(
                """
                SELECT g.attributes ->> 'website' FROM golden_records AS g JOIN xref AS x ON x.golden_id = g.golden_id
                WHERE x.source_record_id = \(recordID) AND x.valid_to IS NULL
                """)
            var golden: String?
            for try await value in website.decode(String?.self) { golden = value }
            #expect(golden == "conflict-example.ru")
            let record = try #require(await server.store.record(id: key))
            #expect(record.payload["Website"]?.stringValue == edited)
            let delivered = try await scalar(
                db,
                """
                SELECT count(*)::int FROM outbox WHERE source_record_id = \(recordID) AND state = 'acked'
                  AND delta -> 'fields' ? 'Website'
                """)
            #expect(delivered == 0, "stale website was \(staleWebsite)")
            // Nothing is left behind: the second round pushed what still differed, to the other members too.
            let waiting = try await scalar(
                db, "SELECT count(*)::int FROM outbox WHERE state IN ('pending', 'failed', 'in_flight')")
            #expect(waiting == 0)
        }
    }

    /// The read-back that precedes every write is a request like any other, and an org's daily API allowance can
    /// run out between the pull and the push. `sf_a` answers exactly the requests its full pull needs (counted
    /// against an identical org first: the same records page the same way) and `refusedRequest − 1` more, then
    /// refuses every later one with Salesforce's 403 `REQUEST_LIMIT_EXCEEDED`: the pull lands whole and the
    /// read-back's first request (the Account read) or its second (the Contact read, after the Accounts were read)
    /// is refused. The connector does not retry that 403 (`SourceHTTPClient` retries only 408, 429 and 5xx;
    /// `SalesforceConnector` turns the 403 into `rateLimited` at once), so the test waits on no backoff.
    ///
    /// The Contact read names 102 ids in its URL, so its error runs past the 2000 characters `last_error` keeps.
    @Test(
        "a refused read-back before the push writes nothing, fails only its source, and its rows go out later",
        arguments: [1, 2])
    func refusedReadBackWritesNothing(refusedRequest: Int) async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        let probe = pair.server("sf_a")
        let pullRequests = try await withSandboxes([probe]) { urls in
            let source = try #require(try pair.sources(urls).first)
            for try await _ in try pair.connectors.makeConnector(for: source).pull(since: nil) {}
            return await probe.store.requestsServed
        }
        #expect(pullRequests > 0)
        let limited = pair.server("sf_a", faults: FaultPlan(requestLimit: pullRequests + refusedRequest - 1))
        let healthy = pair.server("sf_b")
        let orgBefore = await sandboxState([limited])

        // The push's failure falls between these two instants, so its retry time is bounded by them (a window
        // measured from the query instead failed once when a loaded machine took more than ten seconds to get there).
        let syncStarted = Date()
        let synced = try await withSandboxes([limited, healthy]) { urls in
            let sources = try pair.sources(urls)
            return try await job(db, pair).run(sources, configured: sources, push: true)
        }
        let syncFinished = Date()

        // The pull was whole; only sf_a's push failed, with the refusal, and sf_b's went through.
        #expect(synced.landing.outcome == .succeeded)
        #expect(!synced.ok)
        let deltas = try #require(synced.deltas)
        #expect(Array(deltas.errors.keys) == ["sf_a"])
        let error = try #require(deltas.errors["sf_a"])
        #expect(error.contains("request limit is exhausted"))
        #expect(error.contains(refusedRequest == 1 ? "(Account read of " : "(Contact read of "))
        if refusedRequest == 2 { #expect(error.count > 2000) }
        #expect(deltas.pushedBySource["sf_a"] == nil)
        #expect((deltas.pushedBySource["sf_b"] ?? 0) > 0 && deltas.failedBySource["sf_b"] == nil)
        let refused = try #require(deltas.failedBySource["sf_a"])
        #expect(refused > 0 && deltas.failed == refused && deltas.parked == 0 && deltas.conflicts == 0)
        let runID = synced.landing.runID
        #expect(
            try await scalar(db, "SELECT count(*)::int FROM sync_runs WHERE run_id = \(runID) AND outcome = 'partial'")
                == 1)
        #expect(
            try await scalar(
                db, "SELECT push_failed::int FROM sync_run_sources WHERE run_id = \(runID) AND source = 'sf_a'")
                == refused)

        // The read-back's requests up to the refused one and nothing after; no write reached the org, whose records
        // are as they were.
        #expect(await limited.store.requestsServed == pullRequests + refusedRequest)
        #expect(await limited.store.receivedWrites.isEmpty)
        #expect(await sandboxState([limited]) == orgBefore)
        #expect(await !healthy.store.receivedWrites.isEmpty)

        // The claimed rows wait for a retry (first backoff, 30 s) with the read-back's error, which still says why
        // however many ids its request named; none was delivered or left leased, and those beyond the first batch
        // were never claimed.
        let total = try await scalar(db, "SELECT count(*)::int FROM outbox WHERE source = 'sf_a'")
        #expect(
            try await scalar(
                db, "SELECT count(*)::int FROM outbox WHERE source = 'sf_a' AND state IN ('acked', 'in_flight')") == 0)
        let waiting = try await scalar(
            db,
            """
            SELECT count(*)::int FROM outbox
            WHERE source = 'sf_a' AND state = 'failed' AND attempts = 1
              AND next_attempt_at BETWEEN \(syncStarted.addingTimeInterval(29)) AND \(syncFinished.addingTimeInterval(31))
              AND last_error LIKE 'reading the records before writing them failed: %'
              AND last_error LIKE '%request limit is exhausted%' AND length(last_error) <= 2000
            """)
        #expect(waiting == refused)
        #expect(
            try await scalar(
                db, "SELECT count(*)::int FROM outbox WHERE source = 'sf_a' AND state = 'pending' AND attempts = 0")
                == total - refused)
        #expect(
            try await scalar(db, "SELECT count(*)::int FROM outbox WHERE source = 'sf_b' AND state <> 'acked'") == 0)
        // Nothing was re-pulled: every record has the one version its pull landed.
        #expect(try await scalar(db, "SELECT count(*)::int FROM raw_record_versions WHERE version > 1") == 0)
        let pulled = try await scalar(db, "SELECT count(*)::int FROM source_records")
        #expect(try await scalar(db, "SELECT count(*)::int FROM raw_record_versions") == pulled)

        // The backoff passes and the allowance is back (the same records, no limit): every row of sf_a goes out,
        // the retried ones on their second attempt, and the org shows what was sent.
        try await db.client.query(
            "UPDATE outbox SET next_attempt_at = now() WHERE source = 'sf_a' AND state = 'failed'")
        let restored = pair.server("sf_a")
        #expect(await sandboxState([restored]) == orgBefore)
        let retried = try await withSandboxes([restored]) { urls in
            try await PushJob(
                database: db.database, connectors: pair.connectors,
                standardizer: RecordStandardizer(
                    standardizers: try ReferenceData.standardizers(
                        mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))),
                logger: db.logger
            ).run(try pair.sources(urls))
        }
        #expect(retried.errors.isEmpty && retried.conflicts == 0)
        #expect(retried.pushed == total && retried.queued == 0)
        #expect(
            try await scalar(
                db, "SELECT count(*)::int FROM outbox WHERE source = 'sf_a' AND state = 'acked' AND attempts = 2")
                == refused)
        #expect(
            try await scalar(
                db, "SELECT count(*)::int FROM outbox WHERE source = 'sf_a' AND state = 'acked' AND last_error IS NULL")
                == total)
        #expect(try await scalar(db, "SELECT count(*)::int FROM raw_record_versions WHERE version > 1") == 0)
        let rows = try await db.client.query(
            """
            SELECT s.source_key, o.delta::text FROM outbox AS o
            JOIN source_records AS s ON s.source_record_id = o.source_record_id WHERE o.source = 'sf_a'
            """)
        var checked = 0
        for try await (key, delta) in rows.decode((String, String).self) {
            let fields = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(delta.utf8))["fields"])
            let record = try #require(await restored.store.record(id: key))
            guard case .object(let values) = fields else { continue }
            for case (let path, .string(let text)) in values {
                #expect(record.payload[path]?.stringValue == text, "sf_a/\(key).\(path)")
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test("a dry run pulls and shows what would change, and the store, its watermarks and the sandbox stay as they were")
    func dryRunWritesNothing() async throws {
        let db = try TestDatabase.require
        let pair = SalesforcePair()
        let servers = pair.servers()
        try await withSandboxes(servers) { urls in
            let sources = try pair.sources(urls)
            let job = try job(db, pair)
            // A store with history: one real sync, then edits at the sources the dry run will see.
            _ = try await job.run(sources, configured: sources, push: true)
            for server in servers { _ = await server.store.applyEdits(rate: 0.05, seed: 11) }
            let before = try await fingerprint(db)
            let sandboxBefore = await sandboxState(servers)

            let preview = try await job.dryRun(sources, configured: sources)
            #expect(preview.ok)
            #expect(preview.landing.sources.map(\.newVersions).reduce(0, +) > 0)
            #expect(!preview.changes.isEmpty)
            #expect(preview.changes.allSatisfy { !$0.changes.isEmpty })
            #expect(preview.deltas.count == preview.deltasBySource.values.reduce(0, +))
            let json = String(decoding: try JSONEncoder().encode(preview), as: UTF8.self)
            #expect(json.contains("\"dry_run\":true") && json.contains("\"by_source\"") && json.contains("\"detail\""))

            #expect(try await fingerprint(db) == before)
            #expect(await sandboxState(servers) == sandboxBefore)
            let scratch = try await scalar(
                db, "SELECT count(*)::int FROM pg_namespace WHERE nspname LIKE 'golden\\_dry\\_run\\_%'")
            #expect(scratch == 0)

            // What the dry run showed is what the sync then does.
            let real = try await job.run(sources, configured: sources, push: false)
            #expect(real.landing.sources.map(\.newVersions) == preview.landing.sources.map(\.newVersions))
            #expect(real.golden.golden.deltasQueued == preview.deltas.count)
        }
    }

    /// Row count and checksum of every table of the test's schema.
    func fingerprint(_ db: TestDatabase) async throws -> [String: String] {
        var tables: [String] = []
        let rows = try await db.client.query(
            """
            SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = \(db.schema) AND c.relkind = 'r' ORDER BY c.relname
            """)
        for try await name in rows.decode(String.self) { tables.append(name) }
        #expect(tables.contains("source_records") && tables.contains("outbox"))
        var result: [String: String] = [:]
        for table in tables {
            let query = try await db.client.query(
                """
                SELECT count(*)::bigint, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')
                FROM \(unescaped: "\"\(db.schema)\".\"\(table)\"") AS t
                """)
            for try await (count, digest) in query.decode((Int, String).self) { result[table] = "\(count):\(digest)" }
        }
        return result
    }

    func sandboxState(_ servers: [SalesforceSandbox]) async -> [String: [SandboxRecord]] {
        var state: [String: [SandboxRecord]] = [:]
        for server in servers {
            state[server.name] = await server.store.records(object: "Account") + server.store.records(object: "Contact")
        }
        return state
    }
}

@Suite("Echo check")
struct EchoCheckTests {
    static let pushed = #"{"entity":"person","fields":{"Title":"CEO","Golden_Id__c":"g1"}}"#
    static let stored = #"{"Id":"003A","LastName":"Ivanov","SystemModstamp":"2026-01-01T10:00:00.000+0000","Title":"Boss"}"#

    func isEcho(_ pulled: String, deltas: [String] = [pushed]) throws -> Bool {
        let source = SourceConfiguration(
            name: "sf_a", kind: .salesforce, location: "http://127.0.0.1",
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml")),
            credentials: [:], entities: [.person])
        let test = try #require(LandingJob.echoTest(for: source))
        let record = LandingRecord(
            source: "sf_a", sourceKey: "003A", entity: .person, modifiedAt: nil, payloadJSON: pulled, contentHash: [])
        return test(.init(record: record, storedPayloadJSON: Self.stored, deltasJSON: deltas))
    }

    @Test("only the stamp and the values we wrote changed: an echo")
    func echo() throws {
        #expect(
            try isEcho(#"{"Id":"003A","LastName":"Ivanov","SystemModstamp":"2026-01-02T09:00:00.000+0000","Title":"CEO"}"#))
    }

    @Test("a person's edit beside our value, or another value where we wrote one: a change")
    func change() throws {
        #expect(
            try !isEcho(#"{"Id":"003A","LastName":"Petrov","SystemModstamp":"2026-01-02T09:00:00.000+0000","Title":"CEO"}"#))
        #expect(
            try !isEcho(#"{"Id":"003A","LastName":"Ivanov","SystemModstamp":"2026-01-02T09:00:00.000+0000","Title":"CTO"}"#))
        // No delta wrote the title at all.
        #expect(
            try !isEcho(
                #"{"Id":"003A","LastName":"Ivanov","SystemModstamp":"2026-01-02T09:00:00.000+0000","Title":"CEO"}"#,
                deltas: [#"{"entity":"person","fields":{"Golden_Id__c":"g1"}}"#]))
    }

    @Test("a read-only source is never asked")
    func readOnly() throws {
        let source = SourceConfiguration(
            name: "acc", kind: .csv, location: "/dev/null",
            mapping: try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml")),
            credentials: [:], entities: [.person])
        #expect(LandingJob.echoTest(for: source) == nil)
    }
}
