import Foundation
import Sweep
import Testing
import TestSupport

/// A port in use (the coordinator's --listen, the dashboard's --http) or a journal another
/// coordinator holds is refused before the plan: no model is hashed ("checking …: sha256"),
/// no variant built, no journal created; the message names the address or the journal in
/// words, not the socket call that failed.
@Suite(.offThePool) struct EarlyRefusalTests {
    func expectRefusedBeforeThePlan(_ run: CommandRun, _ message: String, journal: String, journalExisted: Bool = false) {
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.standardError.contains(message), "\(run.standardError)")
        #expect(!run.standardError.contains("checking "), "a model was hashed first: \(run.standardError)")
        #expect(!run.standardError.contains("bind(") && !run.standardError.contains("nng_listen"), "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: journal) == journalExisted)
    }

    @Test func runWithTheHTTPPortInUse() throws {
        let fixture = try ClusterFixture(name: "early-http", tasks: ["MedQA"], languages: ["en"], sets: [1])
        defer { fixture.remove() }
        let taken = try TakenPort()
        let run = try CommandRun.medsweep("run", fixture.sweepPath, "--journal", fixture.journalPath, "--http", "127.0.0.1:\(taken.port)")
        expectRefusedBeforeThePlan(run, "medsweep: error: --http 127.0.0.1:\(taken.port): the port is in use\n", journal: fixture.journalPath)
    }

    @Test(arguments: ["--listen", "--http"])
    func coordinatorWithAPortInUse(_ flag: String) throws {
        let fixture = try ClusterFixture(name: "early-coordinator", tasks: ["MedQA"], languages: ["en"], sets: [1])
        defer { fixture.remove() }
        let taken = try TakenPort()
        let listen = flag == "--listen" ? "tcp://127.0.0.1:\(taken.port)" : fixture.url
        var arguments = ["coordinator", fixture.sweepPath, "--listen", listen, "--journal", fixture.journalPath, "--log-level", "info"]
        if flag == "--http" { arguments += ["--http", ":\(taken.port)"] }
        let run = try CommandRun.run(CommandRun.medsweep, arguments)
        let message = flag == "--listen" ? "--listen \(listen): the port is in use" : "--http :\(taken.port): the port is in use"
        expectRefusedBeforeThePlan(run, "medsweep: error: \(message)\n", journal: fixture.journalPath)
    }

    /// The journal held as a running coordinator holds it (the lock on the file): `run` and
    /// `coordinator` stop before hashing, and leave the journal as it was.
    @Test(arguments: ["run", "coordinator"])
    func aJournalInUse(_ command: String) throws {
        let fixture = try ClusterFixture(name: "early-journal", tasks: ["MedQA"], languages: ["en"], sets: [1])
        defer { fixture.remove() }
        let holder = try Journal.openForWriting(path: fixture.journalPath)
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.journalPath))
        var arguments = [command, fixture.sweepPath, "--journal", fixture.journalPath, "--log-level", "info"]
        if command == "coordinator" { arguments += ["--listen", "tcp://127.0.0.1:0"] }
        let run = try CommandRun.run(CommandRun.medsweep, arguments)
        expectRefusedBeforeThePlan(
            run, "medsweep: error: journal \(fixture.journalPath) is in use by another coordinator", journal: fixture.journalPath,
            journalExisted: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.journalPath)) == before)
        withExtendedLifetime(holder) {}
    }

    /// The demo checks its --http port before it makes its folder and writes (or fetches) a model.
    @Test func demoWithTheHTTPPortInUse() throws {
        let folder = temporaryPath("early-demo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let taken = try TakenPort()
        let run = try CommandRun.medsweep("demo", "--dir", folder, "--model", "synthetic", "--http", "127.0.0.1:\(taken.port)")
        #expect(run.status == 2)
        #expect(run.standardError == "medsweep: error: --http 127.0.0.1:\(taken.port): the port is in use\n")
        #expect(!run.standardOutput.contains("wrote the tiny model"), "\(run.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    /// With the port free again, the same command runs: the check released what it bound.
    @Test func aFreePortPassesTheCheckAndServes() throws {
        let fixture = try ClusterFixture(name: "early-free", tasks: ["MedQA"], languages: ["en"], sets: [1], shardSize: 3)
        defer { fixture.remove() }
        let run = try CommandRun.medsweep(
            "run", fixture.sweepPath, "--journal", fixture.journalPath, "--http", "127.0.0.1:\(try ClusterFixture.freePort())",
            "--threads", "1")
        #expect(run.status == 0, "\(run.standardError.suffix(2000))")
        #expect(run.standardError.contains("dashboard: http://127.0.0.1:"), "\(run.standardError)")
    }
}
