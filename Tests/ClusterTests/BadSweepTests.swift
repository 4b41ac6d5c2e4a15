import Engine
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

    @Test func aListenAddressWithoutASchemeIsRefusedBeforeTheSweepIsRead() throws {
        let (folder, path) = try Self.write("name: fine\nbenchmark: demo\nmodels: []\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRun.medsweep("coordinator", path, "--listen", "0.0.0.0:5555", "--journal", folder + "/j")
        #expect(run.status == 64)
        #expect(run.standardError.contains("--listen 0.0.0.0:5555: "), "\(run.standardError)")
        #expect(run.standardError.contains("not a URL (expected scheme://address"), "\(run.standardError)")
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
        // A model the engine runs, so only its digest is wrong.
        try SyntheticModel(config: .tiny, fileType: .q8_0, seed: 3).write(to: folder + "/model.gguf")
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
        #expect(run.standardError.contains("model m: "), "\(run.standardError)")
        #expect(run.standardError.contains("model.gguf has sha256 "), "\(run.standardError)")
        #expect(run.standardError.contains("expects " + String(repeating: "ab", count: 32)), "\(run.standardError)")
    }

    @Test func notYAMLAtAll() throws {
        let (folder, path) = try Self.write("name: [unclosed\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try CommandRun.medsweep("run", path)
        #expect(run.status == 2)
        #expect(run.standardError.contains("is not valid YAML"), "\(run.standardError)")
        #expect(run.standardError.contains(path), "\(run.standardError)")
    }
}
