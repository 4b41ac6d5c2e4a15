import ArgumentParser

/// The `medsweep` command line: thin commands over the library targets.
@main
struct Medsweep: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "medsweep",
        abstract: "Evaluate medical LLMs on the BioMistral multilingual benchmark at sweep scale.",
        discussion: """
            medsweep reads GGUF models with its own quantized Mistral engine and runs the \
            BioMistral benchmark (10 tasks x 8 languages x 3 few-shot sets) over many models, \
            sharded over worker processes by a coordinator that journals every result. Start \
            with `medsweep demo`; see README.md.
            """,
        version: version,
        subcommands: [
            DemoCommand.self,
            RunCommand.self,
            CoordinatorCommand.self,
            WorkerCommand.self,
            StatusCommand.self,
            InspectCommand.self,
            BenchCommand.self,
            BenchmarkCommand.self,
            PromptCommand.self,
            ReportCommand.self,
            TokenizeCommand.self,
            LogitsCommand.self,
            ScoreCommand.self,
            VulkanInfoCommand.self,
            QuantizeCommand.self,
            MergeCommand.self,
            ConvertCommand.self,
        ]
    )
}
