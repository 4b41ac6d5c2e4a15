import ArgumentParser
import Engine
import EngineVulkan
import VulkanCompute
import Foundation

struct EngineBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Prefill throughput of the engine, optionally beside llama.cpp.",
        discussion: """
            Evaluates a prompt of --tokens token ids (seeded random ids, the same for both \
            engines) in one batch, as scoring does (logits of the last position only), and \
            prints tokens per second: the median of --runs timed runs after one warm-up.

            --backend vulkan runs it on a GPU through Vulkan. --sequences S evaluates S prompts \
            of --tokens each (different ids) together, as a group of questions is scored: in \
            passes of --batch tokens (default: 512 on cpu; on vulkan all S prompts in one pass, \
            up to 32768 tokens), each prompt attending to itself; tok/s counts all S × --tokens.

            With --reference llama.cpp it runs llama.cpp (llama-cpp-python \(LlamaCppReference.version), \
            installed on first use with pip into a venv under .build-bench/) on the same file, \
            tokens and threads, and prints the ratio medsweep / llama.cpp.

            --json prints {"tokens", "sequences", "threads", "backend", "device", "medsweep_tok_s", \
            "reference_tok_s", "ratio"} (the last two null without --reference, which needs \
            --backend cpu and --sequences 1). Make a model with `medsweep bench make-model`.
            """
    )

    enum Reference: String, ExpressibleByArgument {
        case llamaCpp = "llama.cpp"
    }

    @Option(help: "The GGUF model to run.")
    var model: String

    @Option(help: "Prompt length in tokens.")
    var tokens: Int = 256

    @Option(help: "Threads (default: all cores).")
    var threads: Int = ThreadPool.availableCores

    @Option(help: "Timed runs; the median is reported.")
    var runs: Int = 5

    @Option(help: "Prompts evaluated together, each of --tokens tokens.")
    var sequences: Int = 1

    @Option(help: "Tokens per forward pass (default: 512 on cpu; on vulkan every prompt in one pass, up to 32768).")
    var batch: Int?

    @OptionGroup var engine: BackendOptions

    @Option(help: "Run this engine too on the same input and print the ratio: llama.cpp.")
    var reference: Reference?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard tokens >= 1, tokens <= 8192 else { throw ValidationError("--tokens \(tokens) is outside 1...8192") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard (1 ... 4096).contains(sequences) else { throw ValidationError("--sequences \(sequences) is outside 1...4096") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        if reference != nil, engine.backend != .cpu || sequences != 1 {
            throw ValidationError("--reference llama.cpp compares the CPU engine on one prompt: leave out --backend and --sequences")
        }
    }

    func run() throws {
        let loaded: MistralModel
        do {
            loaded = try MistralModel(path: model)
        } catch {
            printError("\(error)")
            throw badInputExitCode
        }
        let transformer = try engine.forwardPassOrExit(for: loaded, threads: threads)
        let prompts = (0 ..< sequences).map { Self.promptTokens(count: tokens, vocabulary: loaded.config.vocabularySize, stream: UInt64($0)) }
        let prompt = prompts[0]
        let passTokens = batch ?? (engine.backend == .cpu ? 512 : min(sequences * tokens, 32768))

        var times: [Double] = []
        let gpu = transformer as? VulkanTransformer
        for run in 0 ... runs {
            // The last run is timed kernel by kernel on the device too.
            if run == runs { gpu?.profile = KernelProfile() }
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                _ = try transformer.evaluate(prompts.map { SequenceTokens($0, appendingTo: transformer.makeSequence()) }, batchSize: passTokens)
            } catch {
                printError("\(error)")
                throw ExitCode.failure
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if run > 0 { times.append(seconds) }
        }
        let ours = Double(sequences * tokens) / median(times)

        var theirs: Double?
        if reference == .llamaCpp {
            let llama = LlamaCppReference()
            try llama.install { message in
                var standardError = StandardError()
                print(message, to: &standardError)
            }
            theirs = try llama.prefillTokensPerSecond(model: model, tokens: prompt, threads: threads, runs: runs)
        }
        let ratio = theirs.map { ours / $0 }

        if json {
            print(JSONValue.object([
                ("tokens", .int(Int64(tokens))), ("sequences", .int(Int64(sequences))), ("threads", .int(Int64(threads))),
                ("backend", .string(engine.backend.rawValue)), ("device", .string(transformer.summary)),
                ("medsweep_tok_s", .double(ours)),
                ("reference_tok_s", theirs.map(JSONValue.double) ?? .null),
                ("ratio", ratio.map(JSONValue.double) ?? .null),
                ("kernel_seconds", gpu?.profile.map { profile in
                    .object(profile.shares.map { ($0.name, JSONValue.double($0.seconds)) })
                } ?? .null),
                ("cooperative_matrix", gpu.map { .bool($0.usesCooperativeMatrix) } ?? .null),
            ]).rendered())
        } else {
            var line = "prefill \(sequences == 1 ? "" : "\(sequences) × ")\(tokens) tokens, \(transformer.summary): "
                + "medsweep \(InspectText.fixed(ours, 1)) tok/s"
            if let theirs, let ratio {
                line += ", llama.cpp \(InspectText.fixed(theirs, 1)) tok/s, ratio \(InspectText.fixed(ratio, 3))"
            }
            print(line)
            if let profile = gpu?.profile, !profile.shares.isEmpty {
                let shares = profile.shares.prefix(8).map { "\($0.name) \(InspectText.fixed($0.share * 100, 1))%" }
                print("  device time by kernel (last run): " + shares.joined(separator: ", "))
            }
        }
    }

    /// Seeded pseudo-random token ids past the special and byte tokens, the same every run.
    /// `stream` picks another sequence of ids (0 gives the one llama.cpp is compared on).
    static func promptTokens(count: Int, vocabulary: Int, stream: UInt64 = 0) -> [Int32] {
        var state: UInt64 = 0x5EED &+ stream &* 0x9E37_79B9_7F4A_7C15
        return (0 ..< count).map { index in
            if index == 0 { return 1 }  // BOS, as a real prompt starts
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int32(259 + Int((state >> 33) % UInt64(vocabulary - 259)))
        }
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
