import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import PostgresNIO
import ServiceLifecycle
import SyncEngine
import Synchronization
import Testing

@Suite("Cron schedules")
struct CronScheduleTests {
    let utc: Date = ISO8601DateFormatter().date(from: "2026-03-14T10:07:30Z")!

    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("every 15 minutes, nightly at 2, weekdays at 9, and the aliases")
    func nextFire() throws {
        #expect(try CronSchedule("*/15 * * * *").next(after: utc) == at("2026-03-14T10:15:00Z"))
        #expect(try CronSchedule("0 2 * * *").next(after: utc) == at("2026-03-15T02:00:00Z"))
        // 14 March 2026 is a Saturday: the next weekday morning is Monday.
        #expect(try CronSchedule("0 9 * * 1-5").next(after: utc) == at("2026-03-16T09:00:00Z"))
        #expect(try CronSchedule("@hourly").next(after: utc) == at("2026-03-14T11:00:00Z"))
        #expect(try CronSchedule("@daily").next(after: utc) == at("2026-03-15T00:00:00Z"))
        #expect(try CronSchedule("30 4 1 * *").next(after: utc) == at("2026-04-01T04:30:00Z"))
        #expect(try CronSchedule("0 0 29 2 *").next(after: utc) == at("2028-02-29T00:00:00Z"))
        // Both day fields restricted: either matches (the 20th, or a Sunday, whichever comes first).
        #expect(try CronSchedule("0 12 20 * 0").next(after: utc) == at("2026-03-15T12:00:00Z"))
        // Strictly after: a time that matches exactly gives the next one.
        #expect(try CronSchedule("15 10 * * *").next(after: at("2026-03-14T10:15:00Z")) == at("2026-03-15T10:15:00Z"))
        #expect(try CronSchedule("0 0 31 2 *").next(after: utc) == nil)
    }

    @Test("mistakes are refused with the field named", arguments: [
        ("* * * *", "five fields"), ("61 * * * *", "minute"), ("* 24 * * *", "hour"), ("*/0 * * * *", "step"),
        ("* * 0 * *", "day of month"), ("* * * 13 *", "month"), ("* * * * 8", "day of week"), ("5-1 * * * *", "range"),
        ("a * * * *", "minute"),
    ])
    func refused(_ text: String, _ mention: String) {
        #expect {
            try CronSchedule(text)
        } throws: { error in
            "\(error)".contains(mention)
        }
    }
}

/// Counts reports and lets a test wait for them.
actor Reports {
    var summaries: [SyncJob.Summary] = []
    var failures: [String] = []
    func add(_ result: Result<SyncJob.Summary, any Error>) {
        switch result {
        case .success(let summary): summaries.append(summary)
        case .failure(let error): failures.append("\(error)")
        }
    }
}

/// One company in a CSV export, and the sync job that lands it (the export must outlive the job's runs).
func oneCompanySync(_ db: TestDatabase, inn: String) throws -> (AccountExport, SyncJob) {
    let export = try AccountExport()
    export.set(.init(id: "a1", name: "ООО Альфа", inn: inn, kpp: "770101001"))
    try export.write()
    let standardizer = RecordStandardizer(
        standardizers: try ReferenceData.standardizers(mappingsDirectory: repositoryRoot.appendingPathComponent("mappings")))
    let job = SyncJob(
        database: db.database, connectors: DefaultConnectorFactory(environment: [:]), standardizer: standardizer,
        logger: db.logger)
    return (export, job)
}

@Suite("golden schedule", .database)
struct ScheduledSyncTests {
    @Test("a group syncs at once and then every interval; a graceful stop ends the wait and leaves no run open")
    func runsAndStops() async throws {
        let db = try TestDatabase.require
        let (export, job) = try oneCompanySync(db, inn: companyINN(770_300_001))
        let sources = [try export.source()]
        let groups = ScheduledSync.groups(sources, fallback: .milliseconds(500))
        #expect(groups.count == 1)
        let reports = Reports()
        let service = ScheduledSync(
            timing: groups[0].0, sources: groups[0].1, configured: sources, job: job, logger: db.logger
        ) { result in Task { await reports.add(result) } }
        let group = ServiceGroup(services: [service], logger: db.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Generous: every golden run in the database takes the one identity lock, so under the parallel test run
            // this sync waits for other tests' runs; the loop ends as soon as the second run reports.
            let deadline = ContinuousClock.now + .seconds(300)
            while await reports.summaries.count < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            await group.triggerGracefulShutdown()
            try await tasks.next()
        }
        let summaries = await reports.summaries
        #expect(await reports.failures.isEmpty)
        #expect(summaries.count >= 2)
        #expect(summaries.first?.golden.golden.created == 1)
        #expect(summaries.dropFirst().allSatisfy { $0.golden.golden.versions == 0 })
        #expect(try await scalar(db, "SELECT count(*) FROM sync_runs WHERE outcome = 'running'") == 0)
    }

    @Test("sources group by their schedules; a cron schedule is read from golden.yaml")
    func grouping() throws {
        let mapping = try MappingLoader.load(contentsOf: repositoryRoot.appendingPathComponent("mappings/salesforce.yaml"))
        let nightly = try CronSchedule("0 2 * * *")
        let sources = [
            SourceConfiguration(name: "sf_a", kind: .salesforce, location: "http://a", mapping: mapping, entities: []),
            SourceConfiguration(
                name: "acc_1c", kind: .oneCXML, location: "/tmp", mapping: mapping, cron: nightly, entities: []),
            SourceConfiguration(name: "sf_b", kind: .salesforce, location: "http://b", mapping: mapping, entities: []),
        ]
        let groups = ScheduledSync.groups(sources, fallback: .seconds(900))
        #expect(groups.map { $0.1.map(\.name) } == [["sf_a", "sf_b"], ["acc_1c"]])
        #expect(groups[1].0 == .cron(nightly))
    }
}

@Suite("Sync progress", .database)
struct SyncProgressTests {
    @Test("a sync reports its phases in order and each source's pulled records")
    func reports() async throws {
        let db = try TestDatabase.require
        let (export, made) = try oneCompanySync(db, inn: companyINN(770_300_003))
        var job = made
        let sources = [try export.source()]
        let collected = Mutex<[SyncProgressEvent]>([])
        job.progress = { event in collected.withLock { $0.append(event) } }
        _ = try await job.run(sources, configured: sources, push: true)
        let seen = collected.withLock { $0 }
        let phases = seen.compactMap { if case .phase(let name) = $0 { name } else { nil } }
        #expect(phases == ["pulling", "matching and surviving", "pushing"])
        #expect(seen.contains(.pulled(source: "sf_a", records: 1)))
    }
}

@Suite("One sync at a time per source", .database)
struct SyncLockTests {
    @Test("a second sync of a source that is being synced exits at once with a clear message; afterwards it runs")
    func secondRunnerRefused() async throws {
        let db = try TestDatabase.require
        let (export, job) = try oneCompanySync(db, inn: companyINN(770_300_002))
        let sources = [try export.source()]
        // A first runner holds sf_a (on its own connection) while the second one starts.
        let outcome = try await RunRepository(database: db.database).withSyncLocks(sources: ["sf_a"]) {
            do {
                _ = try await job.run(sources, configured: sources, push: false)
                return "ran"
            } catch let error as SyncError {
                #expect(error.code == .locked)
                #expect(error.message.contains("sf_a"))
                return "refused"
            }
        }
        guard case .ran(let second) = outcome else {
            Issue.record("the first runner could not take the lock")
            return
        }
        #expect(second == "refused")
        #expect(try await scalar(db, "SELECT count(*) FROM sync_runs") == 0)
        // Once the first runner is done, the same sync goes through.
        let summary = try await job.run(sources, configured: sources, push: false)
        #expect(summary.golden.golden.created == 1)
    }
}
