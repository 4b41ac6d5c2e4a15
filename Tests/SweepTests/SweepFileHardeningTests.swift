import Foundation
import Testing
@testable import Sweep

/// Faults 8, 9 and 11 of issue 18 in sweep files: YAML aliases as keys (whose expansion costs
/// hours), control characters in names, and numbers in other notations than decimal.
@Suite struct SweepFileHardeningTests {
    func failure(_ yaml: String) -> SweepFileError? {
        do {
            _ = try SweepFile.parse(yaml: yaml, source: "/s/sweep.yaml", folder: "/s")
            return nil
        } catch {
            return error
        }
    }

    static let minimal = """
        name: small
        benchmark: demo
        models:
          - name: m
            path: m.gguf
        """

    /// Each level is a mapping whose key is the level below and whose value lists it nine
    /// times: about 50 bytes a level, and hashing the keys costs ten times more per level.
    static func aliasKeyBomb(levels: Int) -> String {
        var lines = ["a0: &a0 [x]"]
        for level in 1 ... levels {
            let below = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) {\(below) : [\(Array(repeating: below, count: 9).joined(separator: ","))]}")
        }
        return (lines + [minimal]).joined(separator: "\n")
    }

    @Test(.timeLimit(.minutes(1))) func aliasesAsKeysAreRefused() throws {
        let error = try #require(failure(Self.aliasKeyBomb(levels: 6)))
        #expect(error.reason.contains("alias"), "\(error)")
        #expect(error.line == 2, "\(error)")
    }

    @Test func aliasesAsValuesStillWork() throws {
        let sweep = try SweepFile.parse(yaml: """
            name: &n small
            benchmark: demo
            models:
              - name: *n
                path: m.gguf
            """, source: "/s/sweep.yaml", folder: "/s")
        #expect(sweep.models.first?.name == "small")
    }

    @Test(arguments: [#""m\0x""#, #""m\nx""#, #""m\e[31m""#, #""m\u0085""#, #""m\tx""#])
    func controlCharactersInModelNamesAreRefused(name: String) throws {
        let error = try #require(failure(Self.minimal.replacingOccurrences(of: "name: m\n", with: "name: \(name)\n")))
        #expect(error.field == "models[0].name", "\(error)")
    }

    @Test func controlCharactersInTheSweepNameAreRefused() throws {
        let error = try #require(failure(Self.minimal.replacingOccurrences(of: "name: small", with: #"name: "sm\0all""#)))
        #expect(error.field == "name", "\(error)")
    }

    /// Two names equal up to a NUL were one model in the journal (SQLite's text stops there).
    @Test func namesDifferingAfterANulAreRefused() throws {
        let yaml = """
            name: two
            benchmark: demo
            models:
              - name: "m\\0a"
                path: a.gguf
              - name: "m\\0b"
                path: b.gguf
            """
        #expect(failure(yaml) != nil)
    }

    @Test(arguments: ["0x10", "0x1p4", "1_0", "0o20", "+0x10", "inf", ".inf", "nan"])
    func numbersAreDecimal(text: String) throws {
        let error = try #require(failure(Self.minimal + "\nlease_seconds: \(text)"))
        #expect(error.field == "lease_seconds", "\(error)")
        let heartbeat = try #require(failure(Self.minimal + "\nheartbeat_seconds: \(text)"))
        #expect(heartbeat.field == "heartbeat_seconds", "\(heartbeat)")
    }

    @Test(arguments: ["16", "16.5", "1e2", "2.5E1", "+16", "0.25"])
    func decimalNumbersAreRead(text: String) throws {
        let sweep = try SweepFile.parse(yaml: Self.minimal + "\nheartbeat_seconds: 0.1\nlease_seconds: \(text)", source: "/s/sweep.yaml", folder: "/s")
        #expect(sweep.leaseSeconds == Double(text))
    }
}

/// Other shapes of a hostile sweep file: nesting deep enough to overflow the composer's stack,
/// and a file far larger than any sweep.
@Suite struct SweepFileShapeTests {
    /// 40 levels: past the check's 32, well within libyaml's own limit. 20,000 levels: libyaml's
    /// scanner stops first, at its own maximum; either way the file is refused, never composed.
    @Test(arguments: [(40, "nests deeper than 32 levels"), (20_000, "Maximum nesting level")])
    func deepNestingIsRefusedBeforeComposing(depth: Int, reason: String) throws {
        let yaml = "name: deep\nbenchmark: demo\nmodels: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        do {
            _ = try SweepFile.parse(yaml: yaml, source: "/s/sweep.yaml", folder: "/s")
            Issue.record("a \(depth)-level file was read")
        } catch {
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func aHugeFileIsRefusedUnread() throws {
        let path = SweepFixtures.path("huge.yaml")
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(SweepFile.maxFileBytes + 1))
        try handle.close()
        #expect(throws: SweepFileError.self) { _ = try SweepFile.load(path: path) }
    }
}
