import ArgumentParser

/// `medsweep benchmark init` and `benchmark list`: the benchmark's data, before a sweep.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Benchmark data: write a manifest for a BioInstructQA folder, list what a manifest holds.",
        discussion: """
            A sweep names its data by a benchmark manifest (`benchmark: FILE` in the sweep file): \
            the data files with their SHA-256 digests, the tasks and languages each holds. \
            `benchmark init DIR` writes one for a folder of the released BioInstructQA data; \
            `benchmark list` shows the questions a manifest (or the demo benchmark) has per task \
            and language, and the question ids of one task.
            """,
        subcommands: [BenchmarkInitCommand.self, BenchmarkListCommand.self]
    )
}
