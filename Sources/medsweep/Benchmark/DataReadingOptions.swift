import ArgumentParser
import Benchmark

/// `--strict` of the commands that read benchmark data (`run`, `coordinator`, `demo`,
/// `prompt`): refuse the first odd record instead of rendering or skipping it with a warning.
struct DataReadingOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Refuse the first odd record of the benchmark data (an error naming file, record, field and value) instead of rendering or skipping it with a warning."))
    var strict = false

    var mode: ReadMode { strict ? .strict : .lenient }
}

/// `--skip-missing-models` of the commands that run a sweep file (`run`, `coordinator`): a model
/// whose file is gone no longer blocks the others; its units stay queued in the journal.
struct MissingModelOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Run the models whose files exist; the units of a model whose file is missing stay queued in the journal for a later run."))
    var skipMissingModels = false
}

extension FewShotSet: ExpressibleByArgument {
    /// `--fewshot-set K`: 0 (zero-shot) or a set number from 1.
    public init?(argument: String) {
        guard let number = Int(argument) else { return nil }
        self.init(rawValue: number)
    }
}
