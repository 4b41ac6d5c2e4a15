import ArgumentParser
import Benchmark
import Engine
import Foundation

/// Loads a model for a command, or exits with status 2 and the reason (a bad or missing file,
/// metadata or tensors the engine cannot run).
func loadModelOrExit(_ path: String) throws -> MistralModel {
    try checkInputFileOrExit(path, as: "a GGUF file")
    do {
        return try MistralModel(path: path)
    } catch {
        printError("\(error)".hasPrefix(path) ? "\(error)" : "\(path): \(error)")
        throw badInputExitCode
    }
}

/// The text of `--prompt`, or the contents of `--prompt-file` (UTF-8), or exits with status 2.
func promptOrExit(text: String?, file: String?) throws -> String {
    if let text { return text }
    guard let file else { preconditionFailure("validate() requires --prompt or --prompt-file") }
    try checkInputFileOrExit(file, as: "a prompt file")
    do {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        guard let text = String(data: data, encoding: .utf8) else {
            printError("\(file): the prompt is not valid UTF-8")
            throw badInputExitCode
        }
        return text
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("\(file): cannot read the prompt: \(PathProblem(error: error))")
        throw badInputExitCode
    }
}

/// Seconds since `start`, from the monotonic clock.
func secondsSince(_ start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
