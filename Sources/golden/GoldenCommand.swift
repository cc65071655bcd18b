import ArgumentParser

/// `golden`: the command-line face of the MDM hub. Thin: every command decodes, calls one use case, prints.
@main
struct GoldenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "golden",
        abstract: "Master-data reconciliation: land, match, merge and push back customer records.",
        discussion: """
            Configuration comes from DATABASE_URL (or --database-url) and golden.yaml (sources, schedules,
            thresholds). Secrets stay in environment variables that golden.yaml names.
            """,
        version: GoldenVersion.current,
        subcommands: [
            MigrateCommand.self,
            SyncCommand.self,
            ScheduleCommand.self,
            ServeCommand.self,
            DemoCommand.self,
            SandboxCommand.self,
            ImportCommand.self,
            EvaluateCommand.self,
            ExportCommand.self,
            DecideCommand.self,
            SplitCommand.self,
            MoveCommand.self,
            XrefCommand.self,
            OverrideCommand.self,
            UnlockCommand.self,
            ConfirmCommand.self,
            ProposalsCommand.self,
            SurviveCommand.self,
            ReportCommand.self,
            StandardizeCommand.self,
            MatchCommand.self,
            ExplainCommand.self,
            TrainCommand.self,
            BenchCommand.self,
            UsersCommand.self,
            TokensCommand.self,
        ]
    )
}

enum GoldenVersion {
    static let current = "0.1.0"
}
