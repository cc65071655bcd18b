import ArgumentParser
import Foundation
import Logging
import Sandbox
import ServiceLifecycle
import UnixSignals

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Local sources that speak each system's wire protocol, seeded with generated data.",
        subcommands: [SandboxServeCommand.self, SandboxGenerateCommand.self],
        defaultSubcommand: SandboxServeCommand.self)
}

/// `golden sandbox serve`: the sandbox sources on 127.0.0.1 until SIGINT/SIGTERM, with a ready `golden.yaml`.
///
/// Two Salesforce orgs (`sf_a`, `sf_b`), a HubSpot portal, a Bitrix24 portal and an ELMA365 installation on free
/// ports, plus the 1C drop folder. Tokens come
/// from `SANDBOX_<SOURCE>_TOKEN` when set, otherwise they are made up from the seed and printed (stderr), so a
/// second shell can export them before `golden sync`. One JSON line on stdout says where everything is.
struct SandboxServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the Salesforce, HubSpot, Bitrix24 and ELMA365 sandboxes plus a 1C drop folder.")
    @Option(help: "Records across all sources.") var records = 10_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Faults, e.g. 429=0.05,503=0.02,500=0.01,latency=20ms,malformed-page=3,write-failure=0.1,limit=500")
    var faults = ""
    @Option(help: "Where to write golden.yaml for these sources.") var writeConfig = "golden.yaml"
    @Option(help: "Folder for the 1C drop (default: sandbox-1c next to the config).") var dropFolder: String?
    @Option(help: "Share of live records edited (or deleted) every --edit-interval seconds; 0 = never.")
    var editRate = 0.0
    @Option(help: "Seconds between scripted edit rounds.") var editInterval = 60

    struct Started: Encodable {
        struct Source: Encodable {
            let name: String
            let kind: String
            let port: Int?
            let records: Int
        }

        let sources: [Source]
        let config: String
        let tokens: [String: String]
    }

    func validate() throws {
        guard records > 0 else { throw ValidationError("--records must be positive") }
        guard (0...1).contains(editRate) else { throw ValidationError("--edit-rate must be between 0 and 1") }
        guard editInterval > 0 else { throw ValidationError("--edit-interval must be positive") }
        do { _ = try FaultPlan(parsing: faults, seed: seed) } catch { throw ValidationError(error.description) }
    }

    func run() async throws {
        let plan = try FaultPlan(parsing: faults, seed: seed)
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let environment = ProcessInfo.processInfo.environment
        func token(_ source: String) -> (variable: String, value: String) {
            let variable = "SANDBOX_\(source.uppercased())_TOKEN"
            return (variable, environment[variable] ?? "sandbox-\(source)-\(seed)")
        }
        let servers: [any SandboxCRMServer] = [
            SalesforceSandbox(name: "sf_a", records: dataset.records(for: "sf_a"), token: token("sf_a").value,
                              faults: plan),
            SalesforceSandbox(name: "sf_b", records: dataset.records(for: "sf_b"), token: token("sf_b").value,
                              faults: plan),
            HubSpotSandbox(name: "hubspot", records: dataset.records(for: "hubspot"), token: token("hubspot").value,
                           faults: plan),
            Bitrix24Sandbox(name: "bitrix24", records: dataset.records(for: "bitrix24"),
                            token: token("bitrix24").value, faults: plan),
            ELMA365Sandbox(name: "elma365", records: dataset.records(for: "elma365"), token: token("elma365").value,
                           faults: plan),
        ]
        let configURL = URL(fileURLWithPath: writeConfig).standardizedFileURL
        let folder = dropFolder.map { URL(fileURLWithPath: $0).standardizedFileURL }
            ?? configURL.deletingLastPathComponent().appendingPathComponent("sandbox-1c")
        let accounting = try SandboxDropFolder.writeAccounting(dataset, to: folder)

        var services: [any Service] = servers.map { $0 as any Service }
        if editRate > 0 {
            services.append(SandboxEditService(
                stores: servers.map(\.store), rate: editRate, interval: .seconds(editInterval), seed: seed))
        }
        var logger = Logger(label: "golden.sandbox")
        logger.logLevel = .warning
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports: [String: Int] = [:]
            for server in servers { ports[server.name] = try await server.port() }
            try writeConfiguration(to: configURL, servers: servers, ports: ports, folder: folder, token: token)
            var sources: [Started.Source] = []
            var tokens: [String: String] = [:]
            for server in servers {
                sources.append(.init(
                    name: server.name, kind: server.kind, port: ports[server.name], records: await server.store.count))
                tokens[token(server.name).variable] = server.token
            }
            sources.append(.init(name: "acc_1c", kind: "1c-xml", port: nil, records: accounting.records))
            for (variable, value) in tokens.sorted(by: { $0.key < $1.key }) {
                FileHandle.standardError.write(Data("export \(variable)=\(value)\n".utf8))
            }
            try Output.json(Started(sources: sources, config: configURL.path, tokens: tokens))
            _ = try await tasks.next()
        }
    }

    /// `golden.yaml` for the running sandboxes, with the repository's mappings by absolute path.
    private func writeConfiguration(
        to url: URL, servers: [any SandboxCRMServer], ports: [String: Int], folder: URL,
        token: (String) -> (variable: String, value: String)
    ) throws {
        let mappings = Self.mappingsFolder()
        var lines = ["# Written by golden sandbox serve (seed \(seed), \(records) records).", "sources:"]
        for server in servers {
            lines += [
                "  - name: \(server.name)", "    kind: \(server.kind)",
                "    location: \(Self.location(of: server, port: ports[server.name] ?? 0))",
                "    mapping: \(mappings.appendingPathComponent(server.kind + ".yaml").path)",
                "    credentials: { token: \(token(server.name).variable) }",
            ]
        }
        lines += [
            "  - name: acc_1c", "    kind: 1c-xml", "    location: \(folder.path)",
            "    mapping: \(mappings.appendingPathComponent("1c.yaml").path)",
        ]
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// Where a source's API lives: the host, or for Bitrix24 the webhook's REST base (the secret is the token).
    private static func location(of server: any SandboxCRMServer, port: Int) -> String {
        server is Bitrix24Sandbox ? Bitrix24Sandbox.restBase(port: port) : "http://127.0.0.1:\(port)"
    }

    /// The repository's `mappings/`: next to the working directory when run from a checkout, else found from
    /// this source file's location (a development build).
    private static func mappingsFolder() -> URL {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("mappings")
        if FileManager.default.fileExists(atPath: here.appendingPathComponent("salesforce.yaml").path) { return here }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mappings")
    }
}

/// `golden sandbox generate`: the generator's output as files, for `golden import`, demos and outside tools.
struct SandboxGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write generated multi-source data as files: one CSV per source object, 1C XML, truth.csv.")

    @Option(help: "Records across all sources (a floor: whole organizations are added).") var records = 10_000
    @Option(help: "Generator seed; the same seed writes the same bytes.") var seed: UInt64 = 1
    @Option(help: "Output folder (created if missing).") var out: String
    @OptionGroup var output: OutputOptions

    struct Summary: Encodable {
        let records: Int
        let organizations: Int
        let persons: Int
        let files: [String]
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dataset = DatasetGenerator(GeneratorConfiguration(records: records, seed: seed)).generate()
        let files = try dataset.writeFiles(to: directory)
        let summary = Summary(
            records: dataset.recordCount, organizations: dataset.organizationCount, persons: dataset.personCount,
            files: files.map(\.path))
        if output.wantsJSON {
            try Output.json(summary)
        } else {
            print("\(summary.records) records (\(summary.organizations) organizations, \(summary.persons) persons):")
            for file in summary.files { print("  \(file)") }
        }
    }
}
