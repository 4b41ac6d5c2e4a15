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
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile),
                let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines)
            else {
                throw ValidationError("--token-file \(tokenFile) cannot be read.")
            }
            guard !text.isEmpty else { throw ValidationError("--token-file \(tokenFile) is empty.") }
            return text
        }
        if let value = ProcessInfo.processInfo.environment["MEDSWEEP_TOKEN"], !value.isEmpty { return value }
        return nil
    }
}
