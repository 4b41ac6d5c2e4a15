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

extension FewShotSet: ExpressibleByArgument {
    /// `--fewshot-set K`: 0 (zero-shot) or a set number from 1.
    public init?(argument: String) {
        guard let number = Int(argument) else { return nil }
        self.init(rawValue: number)
    }
}
