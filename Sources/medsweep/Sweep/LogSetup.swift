import ArgumentParser
import Logging

/// `--log-level` of the sweep commands: swift-log's levels by name.
struct LogLevelOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Log level on standard error: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level \(logLevel) is not one of trace, debug, info, notice, warning, error, critical.")
        }
    }

    /// Sends log lines to standard error at the chosen level (or `fallback`) and returns the
    /// logger named `label`. Called once per process.
    func bootstrap(_ label: String, fallback: Logger.Level) -> Logger {
        Self.bootstrap(label, level: logLevel.flatMap(Logger.Level.init(rawValue:)) ?? fallback)
    }

    /// Sends log lines to standard error at `level`; for commands without `--log-level`.
    static func bootstrap(_ label: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
