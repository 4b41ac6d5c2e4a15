import Foundation
import Testing
import TestSupport

/// A sweep that cannot run is refused before any work starts, with the file, line and field.
@Suite(.offThePool) struct BadSweepTests {
    static func write(_ yaml: String) throws -> (folder: String, path: String) {
        let folder = temporaryPath("bad-sweep")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/sweep.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    @Test func anUnknownTaskIsNamedWithItsLine() throws {
        let (folder, path) = try Self.write("""
            name: bad
            benchmark: demo
            models:
              - name: m
                path: model.gguf
            tasks: [MedQA, Cardiology]
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRun.medsweep("coordinator", path, "--listen", "tcp://127.0.0.1:0", "--journal", folder + "/j")
        #expect(run.status == 2)
        #expect(run.standardError.contains("\(path):6: tasks \"Cardiology\" is not a task"), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/j"))
    }

    @Test func aMissingModelFileStopsRunBeforeAnyWork() throws {
        let (folder, path) = try Self.write("""
            name: bad
            benchmark: demo
            models:
              - name: m
                path: nowhere/model.gguf
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRun.medsweep("run", path, "--journal", folder + "/j")
        #expect(run.status == 2)
        #expect(run.standardError.contains("nowhere/model.gguf does not exist"), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/j"))
    }

    @Test func aModelWithTheWrongDigestIsRefused() throws {
        let (folder, path) = try Self.write("")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("GGUF".utf8).write(to: URL(fileURLWithPath: folder + "/model.gguf"))
        try """
            name: bad
            benchmark: demo
            models:
              - name: m
                path: model.gguf
                sha256: \(String(repeating: "ab", count: 32))
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandRun.medsweep("run", path)
        #expect(run.status == 2)
        #expect(run.standardError.contains("model m"), "\(run.standardError)")
    }

    @Test func notYAMLAtAll() throws {
        let (folder, path) = try Self.write("name: [unclosed\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRun.medsweep("run", path)
        #expect(run.status == 2)
        #expect(run.standardError.contains("is not valid YAML"), "\(run.standardError)")
    }
}
