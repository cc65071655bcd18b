import AsyncHTTPClient
import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Logging
import NIOCore
import NIOHTTP1
import Sandbox
import StewardServer
import SyncEngine

/// `golden bench api`: a store of generated golden records, `golden serve` on it in a child process, and an
/// open-loop load generator in this process on loopback, per endpoint: review queue, golden search, golden detail
/// and search-before-create.
///
/// Requests are sent on a fixed schedule (rate × seconds, bounded) whatever the answers do, and each latency is
/// measured from the moment its request was due, so a slow server cannot hide its queue (no coordinated
/// omission). Each endpoint runs at the goal rate, then at doubling rates until p99 passes the goal or requests fail;
/// the last rate that held is reported as the knee.
struct APIBenchmark {
    struct Step: Encodable {
        let rate: Int
        let requests: Int
        let errors: Int
        let p50_ms: Double
        let p90_ms: Double
        let p99_ms: Double
        let max_ms: Double
        let achieved_per_s: Double
    }

    struct Endpoint: Encodable {
        let name: String
        let steps: [Step]
        /// The highest rate whose p99 stayed within the goal (0 when even the first did not).
        let knee_per_s: Int
        let goal_met: Bool
    }

    struct Result: Encodable {
        let records: Int
        let golden_records: Int
        let review_candidates: Int
        let load_s: Double
        let goal_p99_ms: Double
        let goal_rate_per_s: Int
        let seconds_per_step: Double
        let endpoints: [Endpoint]
    }

    let records: Int
    let seed: UInt64
    let seconds: Double
    let goalRate: Int
    let maximumRate: Int
    let goalP99: Double
    let port: Int
    let keepSchema: Bool
    let mappingsDirectory: URL
    let databaseURL: String
    let database: DatabaseConfiguration
    let logger: Logger

    func run() async throws -> Result {
        try await BenchSchema(database: database, logger: logger, keep: keepSchema).run { try await run(in: $0) }
    }

    private func run(in schema: String) async throws -> Result {
        let loadStart = ContinuousClock.now
        let standardizer = RecordStandardizer(
            standardizers: try ReferenceData.standardizers(mappingsDirectory: mappingsDirectory))
        let store = GoldenDatabase(configuration: database.with(searchPath: schema), logger: logger)
        let (token, samples, goldenCount, reviewCount) = try await store.withRunning { store in
            try await store.migrate()
            try await Self.land(
                records: records, seed: seed, mappingsDirectory: mappingsDirectory, standardizer: standardizer, store)
            _ = try await GoldenRecordJob(
                database: store, standardizer: standardizer,
                configuration: try MatchSettingsLoader.configuration(mappingsDirectory: mappingsDirectory),
                logger: logger
            ).run()
            let token = try await AccessControl(database: store, logger: logger).createToken(
                role: .viewer, name: "bench", user: nil, actor: "bench")
            var samples: [(id: UUID, json: String)] = []
            var index = 0
            try await GoldenRecordRepository(database: store).forEachGolden(entity: "organization", withLineage: false) {
                values in
                index += 1
                if index % 50 == 0, samples.count < 500 { samples.append((values.goldenID, values.attributesJSON)) }
            }
            let counts = try await StewardReadRepository(database: store).qualityCounts()
            let golden = counts.golden.filter { $0.state == "active" }.reduce(0) { $0 + $1.count }
            let review = counts.candidates.filter { $0.status == "review" }.reduce(0) { $0 + $1.count }
            return (token.secret, samples, golden, review)
        }
        let loadSeconds = (ContinuousClock.now - loadStart).seconds
        guard !samples.isEmpty else { throw ValidationErrorText("no organization golden records to sample") }

        let server = try ServerProcess.start(
            arguments: [
                "serve", "--port", String(port), "--mappings", mappingsDirectory.path,
                "--database-url", Self.url(databaseURL, searchPath: schema),
            ])
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let base = "http://127.0.0.1:\(port)"
            try await Self.waitUntilHealthy(client, base: base)
            let documents = samples.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.json.utf8))) as? [String: Any]
            }
            let ids = samples.map { $0.id.lowercasedText }
            let queries = documents.compactMap { document -> String? in
                guard let name = document["legal_name"] as? String else { return nil }
                let words: [Substring] = name.split(separator: " " as Character)
                return words.max { $0.count < $1.count }.map { String($0) }
            }
            let bodies = documents.map { document -> String in
                var attributes: [String: Any] = [:]
                for key in ["legal_name", "inn", "kpp", "phone", "email"] { attributes[key] = document[key] }
                let body: [String: Any] = ["entity": "organization", "attributes": attributes]
                return String(decoding: (try? JSONSerialization.data(withJSONObject: body)) ?? Data(), as: UTF8.self)
            }
            let endpoints: [(String, @Sendable (Int) -> HTTPClientRequest)] = [
                ("review queue (GET /candidates?limit=50)", { _ in Self.request(base + "/api/v1/candidates?limit=50", token) }),
                ("golden search (GET /golden?q=)", { [queries] i in
                    let q = queries[i % queries.count].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                    return Self.request(base + "/api/v1/golden?q=" + q, token)
                }),
                ("golden detail (GET /golden/{id})", { [ids] i in Self.request(base + "/api/v1/golden/" + ids[i % ids.count], token) }),
                ("search-before-create (POST /match)", { [bodies] i in
                    Self.request(base + "/api/v1/match", token, body: bodies[i % bodies.count])
                }),
            ]
            var results: [Endpoint] = []
            for (name, make) in endpoints {
                _ = await Self.drive(client, rate: 50, seconds: 1, make: make)  // warm-up: connections, caches
                var steps: [Step] = []
                var rate = goalRate
                var knee = 0
                while rate <= maximumRate {
                    let step = await Self.drive(client, rate: rate, seconds: seconds, make: make)
                    steps.append(step)
                    let held = step.p99_ms <= goalP99 && step.errors == 0
                    if held { knee = rate } else { break }
                    rate *= 2
                }
                results.append(
                    Endpoint(name: name, steps: steps, knee_per_s: knee, goal_met: knee >= goalRate))
            }
            try await client.shutdown()
            return Result(
                records: records, golden_records: goldenCount, review_candidates: reviewCount,
                load_s: (loadSeconds * 10).rounded() / 10, goal_p99_ms: goalP99, goal_rate_per_s: goalRate,
                seconds_per_step: seconds, endpoints: results)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    // MARK: - Load generation

    static func request(_ url: String, _ token: String, body: String? = nil) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        return request
    }

    /// Sends `rate × seconds` requests on a fixed schedule and measures each from when it was due.
    static func drive(
        _ client: HTTPClient, rate: Int, seconds: Double, make: @escaping @Sendable (Int) -> HTTPClientRequest
    ) async -> Step {
        let total = max(1, Int(Double(rate) * seconds))
        let start = ContinuousClock.now
        let interval = Duration.nanoseconds(Int64(1_000_000_000 / rate))
        let outcomes = await withTaskGroup(of: (Double, Bool).self) { group in
            for index in 0..<total {
                let due = start + interval * index
                try? await Task.sleep(until: due, clock: .continuous)
                let request = make(index)
                group.addTask {
                    do {
                        let response = try await client.execute(request, timeout: .seconds(10))
                        _ = try await response.body.collect(upTo: 16 << 20)
                        return ((ContinuousClock.now - due).seconds * 1000, response.status == .ok)
                    } catch {
                        return ((ContinuousClock.now - due).seconds * 1000, false)
                    }
                }
            }
            var outcomes: [(Double, Bool)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let latencies = outcomes.map(\.0).sorted()
        func percentile(_ p: Double) -> Double {
            let index = min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)
            return (latencies[max(0, index)] * 100).rounded() / 100
        }
        return Step(
            rate: rate, requests: total, errors: outcomes.filter { !$0.1 }.count, p50_ms: percentile(0.50),
            p90_ms: percentile(0.90), p99_ms: percentile(0.99), max_ms: percentile(1.0),
            achieved_per_s: (Double(total) / elapsed).rounded())
    }

    static func waitUntilHealthy(_ client: HTTPClient, base: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let response = try? await client.execute(HTTPClientRequest(url: base + "/health"), timeout: .seconds(2)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ValidationErrorText("golden serve did not become healthy within 60 s")
    }

    // MARK: - Store

    static func land(
        records: Int, seed: UInt64, mappingsDirectory: URL, standardizer: RecordStandardizer, _ store: GoldenDatabase
    ) async throws {
        let mappings = try GeneratedSourceMappings(directory: mappingsDirectory)
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        for source in dataset.sources {
            try await SourceRepository(database: store).register(name: source.name, kind: source.kind.rawValue)
        }
        for (index, source) in dataset.sources.enumerated() {
            let collection = dataset.records(at: index)
            let preparer = RecordPreparer(
                source: source.name, mapping: mappings.mapping(for: source.kind), standardizer: standardizer)
            var start = collection.startIndex
            while start < collection.endIndex {
                let end = min(start + 10_000, collection.endIndex)
                let raw = collection.records(in: start..<end).map(RawRecord.init(generated:))
                let prepared = try await LandingJob.prepare(raw, with: preparer)
                _ = try await LandingRepository(database: store).land(prepared, source: source.name, runID: nil)
                start = end
            }
        }
    }

    /// The database URL with the bench schema as its `search_path`.
    static func url(_ url: String, searchPath: String) -> String {
        var components = URLComponents(string: url)
        var items = (components?.queryItems ?? []).filter { $0.name != "search_path" }
        items.append(URLQueryItem(name: "search_path", value: searchPath))
        components?.queryItems = items
        return components?.string ?? url
    }
}

/// `golden serve` as a child process of the benchmark: the server and the load generator never share a process.
final class ServerProcess {
    let process: Process

    private init(process: Process) { self.process = process }

    static func start(arguments: [String]) throws -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return ServerProcess(process: process)
    }

    /// SIGTERM (a graceful stop), then waits for the process to end.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
