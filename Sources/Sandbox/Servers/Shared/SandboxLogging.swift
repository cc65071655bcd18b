import Logging

/// Loggers for sandbox servers.
public enum SandboxLogging {
    /// Warnings and errors only: a sandbox's per-request chatter would drown the output of tests and the demo.
    public static var quiet: Logger {
        var logger = Logger(label: "golden.sandbox")
        logger.logLevel = .warning
        return logger
    }
}
