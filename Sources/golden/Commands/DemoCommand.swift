import ArgumentParser
import GoldenStore
import PostgresNIO

/// The main job end to end on the embedded default. Grows with each issue until it runs the whole flow.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job end to end on the local cluster (scripts/demo starts it for you).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var output: OutputOptions

    struct Summary: Encodable {
        let migration: MigrationReport
        let tables: [TableSummary]
    }

    struct TableSummary: Encodable {
        let table: String
        let rows: Int
    }

    func run() async throws {
        let store = GoldenDatabase(configuration: try database.configuration(), logger: logging.makeLogger("demo"))
        let summary = try await StoreCommand.run {
            try await store.withRunning { store in
                let migration = try await store.migrate()
                let tables = try await SchemaInventory(database: store).tables()
                return Summary(
                    migration: migration, tables: tables.map { TableSummary(table: $0.name, rows: $0.rows) })
            }
        }
        if output.wantsJSON {
            try Output.json(summary)
        } else {
            print("golden demo — schema '\(summary.migration.schema)' at version \(summary.migration.toVersion)")
            Output.table(["table", "rows"], summary.tables.map { [$0.table, String($0.rows)] })
            print("\nNext steps land with their issues: sandbox sources, sync, match, golden records, steward UI.")
        }
    }
}
