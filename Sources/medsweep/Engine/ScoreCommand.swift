import ArgumentParser
import Engine
import Foundation

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a multiple-choice prompt: the top token and each option letter's probability.",
        discussion: """
            Runs the prompt of --prompt-file (BOS first when the model's file asks for it) \
            through the model once and reads the next-token distribution (softmax over the whole \
            vocabulary), with the BioMistral authors' answer rule: the most likely token, decoded \
            to text, is the answer (the paper's; none when its text, trimmed, is no option \
            letter); each letter of --letters gets the largest probability among the tokens that \
            decode to it ("A", "▁A", "<0x41>"; "A", "ĠA"); the most probable letter among the \
            letters only is the restricted answer.

            --json prints the score as one JSON object. Exits with status 2, the reason on \
            standard error, for a file the engine cannot run, an unreadable, empty or too long \
            prompt, or letters that are empty, repeated, or that no token decodes to.
            """
    )

    @Argument(help: ArgumentHelp("The GGUF model.", valueName: "model.gguf"))
    var model: String

    @Option(help: "A file holding the prompt (UTF-8), e.g. from `medsweep prompt`.")
    var promptFile: String

    @Option(help: "The option letters, comma-separated.")
    var letters: String = "A,B,C,D"

    @Option(help: "Threads (default: all cores).")
    var threads: Int = ThreadPool.availableCores

    @OptionGroup var engine: BackendOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let loaded = try loadModelOrExit(model)
        let text = try promptOrExit(text: nil, file: promptFile)
        let scorer: Scorer
        do {
            scorer = try engine.settings(threads: threads).scorer(for: loaded, prefixCacheBytes: 0)
        } catch {
            printError("\(model): --backend \(engine.backend.rawValue): \(error)")
            throw badInputExitCode
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let score: QuestionScore
        do {
            score = try scorer.score(prompt: text, letters: letters.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        } catch {
            printError(error.description)
            if case .forwardPass = error { throw ExitCode.failure }
            throw badInputExitCode
        }
        let seconds = secondsSince(start)
        if json {
            print(JSONValue.object([
                ("top_token", .object([
                    ("id", .int(Int64(score.topTokenID))), ("piece", .string(score.topTokenPiece)),
                    ("text", .string(score.topTokenText)), ("probability", .double(score.topTokenProbability)),
                ])),
                ("letters", .array(score.letters.map { letter in
                    .object([("letter", .string(letter.letter)), ("token", .int(Int64(letter.tokenID))),
                             ("probability", .double(letter.probability))])
                })),
                ("top_letter", score.topLetter.map(JSONValue.string) ?? .null),
                ("best_letter", .string(score.bestLetter)),
                ("prompt_tokens", .int(Int64(score.promptTokens))),
                ("seconds", .double(seconds)),
            ]).rendered())
        } else {
            print("\(score.promptTokens) prompt tokens, \(InspectText.fixed(seconds, 3)) s")
            print("top token \(score.topTokenID) '\(score.topTokenPiece)' (text \(score.topTokenText.debugDescription)) "
                + "p = \(InspectText.fixed(score.topTokenProbability, 6))"
                + (score.topLetter.map { " (letter \($0))" } ?? " (not an option letter)"))
            var table = TextTable(columns: [.left("letter"), .right("token"), .right("probability")])
            for letter in score.letters {
                table.append([letter.letter, String(letter.tokenID), InspectText.fixed(letter.probability, 6)])
            }
            print(table.rendered(indent: 2))
            print("best letter: \(score.bestLetter)")
        }
    }
}
