import Foundation
import GGUF
import Testing
import TestSupport

/// The `medsweep` binary as users run it: help, version, inspect, exit codes.
@Suite(.offThePool) struct CLITests {
    /// Every command that reads benchmark data takes --strict, and says what it does.
    @Test(arguments: ["run", "coordinator", "demo", "prompt"])
    func commandsThatReadDataOfferStrict(command: String) throws {
        let help = try CommandRun.medsweep(command, "--help")
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--strict"))
        #expect(help.standardOutput.contains("odd record"))
    }

    @Test func versionAndHelp() throws {
        let version = try CommandRun.medsweep("--version")
        #expect(version.status == 0)
        #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")

        let help = try CommandRun.medsweep("--help")
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("inspect"))

        let inspectHelp = try CommandRun.medsweep("inspect", "--help")
        #expect(inspectHelp.standardOutput.contains("--json"))
        #expect(inspectHelp.standardOutput.contains("--tensors"))
    }

    /// A small model written by medsweep's own writer, for commands that need a file.
    /// Its header is 745 bytes (24 fixed, 633 of metadata, 88 of tensor infos), so tensor
    /// data starts at 768: `a.weight` (136 bytes) there, `b.weight` at 768 + 160 = 928.
    static func writeModel() throws -> String {
        var writer = GGUFWriter()
        writer.metadata["general.architecture"] = .string("llama")
        writer.metadata["llama.block_count"] = .uint32(2)
        writer.metadata["tokenizer.ggml.tokens"] = .array(.string, (0 ..< 40).map { .string("tok\($0)") })
        try writer.addTensor(name: "a.weight", type: .q8_0, ne: [64, 2], bytes: try GGMLType.q8_0.quantize([Float](repeating: 0.5, count: 128)))
        try writer.addTensor(name: "b.weight", type: .f32, ne: [3], bytes: [UInt8](repeating: 0, count: 12))
        let path = temporaryPath("cli.gguf")
        try writer.write(to: path)
        return path
    }

    @Test func inspectDescribesAFile() throws {
        let path = try Self.writeModel()
        defer { try? FileManager.default.removeItem(atPath: path) }

        let summary = try CommandRun.medsweep("inspect", path)
        #expect(summary.status == 0)
        #expect(summary.standardOutput.contains("GGUF v3, alignment 32, 3 metadata entries, 2 tensors"))
        #expect(summary.standardOutput.contains("131 parameters"))
        // 4 Q8_0 blocks of 34 bytes and 12 bytes of F32 for 131 weights.
        #expect(summary.standardOutput.contains("1.1298 bytes (9.04 bits) per weight"))
        #expect(summary.standardOutput.contains("[string x 40]"))
        #expect(summary.standardOutput.contains("\"tok5\", …]"))
        #expect(!summary.standardOutput.contains("a.weight"))

        let listing = try CommandRun.medsweep("inspect", path, "--tensors")
        let row = listing.standardOutput.split(separator: "\n").first { $0.contains("a.weight") }
        #expect(row?.split(separator: " ", omittingEmptySubsequences: true) == ["a.weight", "Q8_0", "[64,", "2]", "768", "136"])
    }

    @Test func inspectJSONHasTheDocumentedShape() throws {
        let path = try Self.writeModel()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CommandRun.medsweep("inspect", path, "--json")
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["version", "alignment", "metadata", "tensors"])
        #expect(object["version"] as? Int == 3)
        let metadata = object["metadata"] as! [String: Any]
        #expect((metadata["tokenizer.ggml.tokens"] as? [String])?.count == 40)
        let tensors = object["tensors"] as! [[String: Any]]
        #expect(tensors.count == 2)
        #expect(Set(tensors[0].keys) == ["name", "type", "ne", "offset"])
        #expect(tensors[0]["type"] as? String == "Q8_0")
        #expect(tensors[0]["ne"] as? [Int] == [64, 2])
        #expect(tensors.map { $0["offset"] as? Int } == [768, 928])
    }

    /// A float field that holds a whole number is printed with its fraction, so that a reader
    /// (Python's json, as gguf-py compares) takes it as a float, not an integer.
    @Test func inspectJSONKeepsFloatsFloats() throws {
        var writer = GGUFWriter()
        writer.metadata["general.architecture"] = .string("llama")
        writer.metadata["llama.rope.freq_base"] = .float32(10000)
        writer.metadata["x.f64"] = .float64(-2)
        writer.metadata["x.scores"] = .array(.float32, [.float32(0), .float32(-0.25)])
        writer.metadata["x.count"] = .uint32(3)
        let path = temporaryPath("floats.gguf")
        try writer.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CommandRun.medsweep("inspect", path, "--json")
        #expect(run.status == 0, "\(run.standardError)")
        let compact = run.standardOutput.filter { !$0.isWhitespace }
        #expect(compact.contains("\"llama.rope.freq_base\":10000.0"), "\(run.standardOutput)")
        #expect(compact.contains("\"x.f64\":-2.0"), "\(run.standardOutput)")
        #expect(compact.contains("\"x.scores\":[0.0,-0.25]"), "\(run.standardOutput)")
        #expect(compact.contains("\"x.count\":3,") || compact.contains("\"x.count\":3}"), "\(run.standardOutput)")
    }

    @Test func badFilesExitWithStatusTwoAndAReason() throws {
        let missing = try CommandRun.medsweep("inspect", "/nonexistent/model.gguf")
        #expect(missing.status == 2)
        #expect(missing.standardOutput.isEmpty)
        #expect(missing.standardError == "medsweep: error: /nonexistent/model.gguf: no such file\n")

        let folder = temporaryPath("inspect-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notAFile = try CommandRun.medsweep("inspect", folder)
        #expect(notAFile.status == 2)
        #expect(notAFile.standardError == "medsweep: error: \(folder): is a folder, not a GGUF file\n")

        let path = temporaryPath("bad.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("GGUF".utf8) + [1, 0, 0, 0]
        bytes += [UInt8](repeating: 0, count: 16)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        for arguments in [["inspect", path], ["inspect", path, "--json"]] {
            let run = try CommandRun.run(CommandRun.medsweep, arguments)
            #expect(run.status == 2)
            #expect(run.standardError.contains("\(path): byte 4: GGUF version 1 is not supported (2 and 3 are)"))
        }

        let usage = try CommandRun.medsweep("inspect")
        #expect(usage.status != 0 && usage.status != 2)
        #expect(usage.standardError.contains("Missing expected argument"))
    }
}
