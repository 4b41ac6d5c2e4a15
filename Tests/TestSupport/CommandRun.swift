import Foundation
import Testing

/// The result of running a program to completion.
public struct CommandRun: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String

    /// Runs `executable` with `arguments`, feeding `input` to its standard input; `environment`
    /// adds to (or replaces entries of) this process's environment.
    public static func run(
        _ executable: URL, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> CommandRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        // Standard input, output and error are files, not pipes: a pipe's end can leak into a
        // child another test spawns at the same moment (a llama.cpp comparison that runs for
        // minutes), and reading to the end of a pipe then waits for that child too; a test
        // once stalled three minutes so. A file also keeps a chatty program from stalling.
        let outputPath = temporaryPath("stdout"), errorPath = temporaryPath("stderr"), inputPath = temporaryPath("stdin")
        for path in [outputPath, errorPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data((input ?? "").utf8))
        defer { for path in [outputPath, errorPath, inputPath] { try? FileManager.default.removeItem(atPath: path) } }
        let outputFile = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errorFile = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        let inputFile = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
        process.standardOutput = outputFile
        process.standardError = errorFile
        process.standardInput = inputFile
        try process.run()
        for file in [outputFile, errorFile, inputFile] { try file.close() }
        process.waitUntilExit()
        let outputData = try Data(contentsOf: URL(fileURLWithPath: outputPath))
        let errorData = try Data(contentsOf: URL(fileURLWithPath: errorPath))
        return CommandRun(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// `run`, waited for on a thread of its own: an async test that blocks a thread of the
    /// cooperative pool (two on a 2-core machine) for seconds stalls every other async test,
    /// and tests that act on a log line within a second then miss it.
    public static func runOffPool(_ executable: URL, _ arguments: [String], input: String? = nil) async throws -> CommandRun {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(executable, arguments, input: input) })
            }.start()
        }
    }

    /// The `medsweep` binary `swift test` built beside the test runner.
    public static let medsweep: URL = {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("medsweep")
    }()

    /// `medsweep(...)`, waited for on a thread of its own (see `runOffPool`).
    public static func medsweepOffPool(_ arguments: String..., input: String? = nil) async throws -> CommandRun {
        try await runOffPool(medsweep, arguments, input: input)
    }

    /// Runs the built `medsweep` with `arguments`.
    public static func medsweep(_ arguments: String..., input: String? = nil) throws -> CommandRun {
        try run(medsweep, arguments, input: input)
    }
}

/// Python 3 with gguf-py, the reference GGUF implementation, when this machine has it.
public enum ReferencePython {
    public static let executable = URL(fileURLWithPath: "/usr/bin/env")

    public static let hasGGUF: Bool = {
        (try? CommandRun.run(executable, ["python3", "-c", "import gguf"]).status) == 0
    }()

    public static let skipReason: Comment = "python3 cannot import gguf (pip install gguf)"

    /// `run`, waited for on a thread of its own (see `CommandRun.runOffPool`).
    public static func runOffPool(_ script: String, _ arguments: [String], input: String? = nil) async throws -> CommandRun {
        try await CommandRun.runOffPool(executable, ["python3", "-c", script] + arguments, input: input)
    }

    /// Runs `script` with python3, `arguments` as its sys.argv[1:].
    public static func run(_ script: String, _ arguments: [String], input: String? = nil) throws -> CommandRun {
        try CommandRun.run(executable, ["python3", "-c", script] + arguments, input: input)
    }
}

/// A Python that can import llama_cpp (llama-cpp-python, the build of llama.cpp the fixtures
/// came from): `MEDSWEEP_LLAMA_PYTHON`, else the venv `medsweep bench` keeps in `.build-bench/`,
/// else python3.
public enum LlamaCppPython {
    public static let executable: URL? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["MEDSWEEP_LLAMA_PYTHON"] { candidates.append(configured) }
        candidates.append(Fixtures.projectRoot.appendingPathComponent(".build-bench/venv/bin/python3").path)
        candidates.append("/usr/bin/python3")
        return candidates.map(URL.init(fileURLWithPath:)).first { python in
            FileManager.default.isExecutableFile(atPath: python.path)
                && (try? CommandRun.run(python, ["-c", "import llama_cpp"]).status) == 0
        }
    }()

    public static let skipReason: Comment = "no python with llama_cpp (set MEDSWEEP_LLAMA_PYTHON, or run medsweep bench once)"

    public static func run(_ script: String, _ arguments: [String]) throws -> CommandRun {
        try CommandRun.run(executable!, ["-c", script] + arguments)
    }
}
