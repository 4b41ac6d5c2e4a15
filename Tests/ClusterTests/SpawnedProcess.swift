import Foundation
import TestSupport

/// A medsweep process a test starts and controls: its standard error goes to a file the test
/// reads while it runs (log lines are how a test knows a lease was granted), and it is killed
/// when the test ends, whatever happened.
final class SpawnedProcess: @unchecked Sendable {
    // @unchecked: `process` is started once in init and only queried afterwards.
    let name: String
    let process = Process()
    let errorPath: String
    let outputPath: String

    /// Starts `executable` (medsweep by default) with `arguments`.
    init(_ name: String, _ arguments: [String], environment: [String: String] = [:], executable: URL = CommandRun.medsweep) throws {
        self.name = name
        errorPath = temporaryPath("\(name).stderr")
        outputPath = temporaryPath("\(name).stdout")
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: errorPath)
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }
    var standardOutput: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit; its status, or nil on timeout.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Waits for a line of standard error matching `pattern` (a regular expression) and returns
    /// the first one, or nil on timeout. Polls often: a test acts on the line at once.
    func waitForLine(matching pattern: String, after skip: Int = 0, timeout: Duration) async -> String? {
        let regex = try! NSRegularExpression(pattern: pattern)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for line in standardError.split(separator: "\n").dropFirst(skip) {
                let text = String(line)
                if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { return text }
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// Like `waitForLine`, but watched from a thread of its own, which runs `action` the moment
    /// the line appears: a test that must act mid-unit (kill a worker holding a lease) does not
    /// wait for the async scheduler, which other tests may keep busy for a second.
    func whenLine(
        matching pattern: String, after skip: Int = 0, timeout: Duration, _ action: @escaping @Sendable (String) -> Void
    ) async -> String? {
        let regex = try! NSRegularExpression(pattern: pattern)
        let deadline = ContinuousClock.now + timeout
        return await withCheckedContinuation { continuation in
            Thread { [self] in
                while ContinuousClock.now < deadline {
                    for line in standardError.split(separator: "\n").dropFirst(skip) {
                        let text = String(line)
                        if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                            action(text)
                            continuation.resume(returning: text)
                            return
                        }
                    }
                    usleep(2000)
                }
                continuation.resume(returning: nil)
            }.start()
        }
    }

    /// The first capture group of `pattern` in `line`.
    static func capture(_ pattern: String, in line: String) -> String? {
        let regex = try! NSRegularExpression(pattern: pattern)
        guard let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: line)
        else { return nil }
        return String(line[range])
    }
}
