import ArgumentParser
import Foundation

/// The shared secret every request carries: from --token-file, or the MEDSWEEP_TOKEN
/// environment variable (so it is not visible in the process list).
struct TokenOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A file holding the auth token (default: the MEDSWEEP_TOKEN environment variable; none: no token).",
        valueName: "file"))
    var tokenFile: String?

    /// The token, or nil when none is configured.
    func token() throws -> String? {
        try readSecret(file: tokenFile, flag: "--token-file", environment: "MEDSWEEP_TOKEN")
    }
}

/// A secret from `file` (named by `flag` in errors), else from the `environment` variable;
/// nil when neither is set.
func readSecret(file: String?, flag: String, environment: String) throws -> String? {
    if let file {
        guard let data = FileManager.default.contents(atPath: file),
            let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines)
        else {
            throw ValidationError("\(flag) \(file) cannot be read.")
        }
        guard !text.isEmpty else { throw ValidationError("\(flag) \(file) is empty.") }
        return text
    }
    if let value = ProcessInfo.processInfo.environment[environment], !value.isEmpty { return value }
    return nil
}
