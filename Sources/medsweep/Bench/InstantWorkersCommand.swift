import ArgumentParser
import Foundation
import Logging
import Sweep

struct InstantWorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instant-workers",
        abstract: "Load for `bench coordinator`: workers whose units score instantly (placeholder scores).",
        discussion: """
            Runs --workers workers in this process, each with its own connection to the \
            coordinator at --connect, speaking the real protocol (hello, lease, heartbeat, \
            result) but answering every unit at once with placeholder scores (every letter \
            equally likely) instead of running a model. `medsweep bench coordinator` starts it \
            against its own throwaway journal; its results are not measurements, so never \
            point it at a real sweep. Token: MEDSWEEP_TOKEN.
            """
    )

    @Option(help: ArgumentHelp("The coordinator's address.", valueName: "url"))
    var connect: String

    @Option(help: "Workers to run.")
    var workers: Int = 16

    func validate() throws {
        if !(1 ... 1024).contains(workers) { throw ValidationError("--workers \(workers) is outside 1...1024.") }
    }

    func run() async throws {
        let logger = LogLevelOption.bootstrap("medsweep.instant-workers", level: .warning)
        let token = ProcessInfo.processInfo.environment["MEDSWEEP_TOKEN"]
        let stop = StopRequest()
        let signals = stop.installSignalHandlers()
        defer { signals.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1 ... workers {
                let identity = WorkerIdentity(id: "instant-\(index)", cores: 1)
                let client = try CoordinatorClient(url: connect, workerID: identity.id, token: token, logger: logger)
                group.addTask {
                    defer { client.close() }
                    try await Worker(
                        client: client, identity: identity, scoring: InstantScoringForBenchmark(), threads: 1,
                        threadsOverride: 1, engineVersion: "instant (benchmark load)", stop: stop, logger: logger
                    ).run()
                }
            }
            try await group.waitForAll()
        }
    }
}
