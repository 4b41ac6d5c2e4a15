import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks, and the synthetic models they run on.",
        subcommands: [
            MakeModelCommand.self, EngineBenchCommand.self, PrefixCacheBenchCommand.self, CoordinatorBenchCommand.self,
            InstantWorkersCommand.self, FloodBenchCommand.self, ScoringBenchCommand.self,
        ]
    )
}
