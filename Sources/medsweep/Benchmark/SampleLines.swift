import Benchmark
import Foundation
import Sweep

/// `report --format samples`: one JSON object per line for every scored question, as the
/// journal holds it, with the verdicts the report's metrics count, so a result can be traced to
/// the question, the prompt (`--with-prompts`) and the model's answer.
enum SampleLines {
    /// The line of `scored`, without a newline; `prompt` when asked for.
    static func line(_ scored: ScoredQuestion, prompt: String?) -> [UInt8] {
        let result = scored.result
        var members: [JSONMember] = [
            JSONMember("model", .string(scored.model)),
            JSONMember("task", .string(scored.task.corpusName)),
            JSONMember("language", .string(result.language.rawValue)),
            JSONMember("fewshot_set", JSONWriter.number(scored.fewShotSet.number)),
            JSONMember("question_id", .string(result.questionID)),
            JSONMember("question_index", JSONWriter.number(result.index)),
            JSONMember("gold", .string(scored.goldLetter)),
            JSONMember("top_token", .object([
                JSONMember("id", JSONWriter.number(result.topTokenID)),
                JSONMember("piece", .string(result.topTokenPiece)),
                JSONMember("text", .string(result.topTokenText)),
                JSONMember("probability", JSONWriter.number(result.topTokenProbability)),
            ])),
            JSONMember("top_letter", result.topLetter.map(JSONNode.string) ?? .null),
            JSONMember("correct", .bool(scored.isCorrect)),
            JSONMember("letters", .array(scored.letters.map(JSONNode.string))),
            JSONMember("letter_probabilities", .array(result.letterProbabilities.map(JSONWriter.number))),
            JSONMember("restricted_prediction", .string(scored.restrictedPrediction)),
            JSONMember("restricted_correct", .bool(scored.isRestrictedCorrect)),
            JSONMember("prompt_tokens", JSONWriter.number(result.promptTokens)),
            JSONMember("computed_tokens", result.computedTokens.map(JSONWriter.number) ?? .null),
            JSONMember("seconds", JSONWriter.number(result.seconds)),
            JSONMember("unit", .string(scored.unitID)),
        ]
        if let prompt { members.append(JSONMember("prompt", .string(prompt))) }
        return JSONWriter.bytes(.object(members), layout: .compact)
    }

    /// Writes every scored question of `journal` to `output` (a file, written whole or not at
    /// all) or standard output; with `prompts`, each line carries its prompt, rebuilt and
    /// checked by `PromptRebuilder`. Returns the lines written.
    @discardableResult
    static func write(journal: Journal, prompts: PromptRebuilder?, output: String?) throws -> Int {
        let sink = try LineSink(path: output)
        var count = 0
        do {
            try journal.forEachScoredQuestion { scored in
                sink.append(line(scored, prompt: try prompts?.prompt(for: scored)))
                count += 1
            }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        return count
    }
}

/// Lines to standard output as they come, or to a file through a temporary one renamed at the
/// end, so a failure halfway leaves no partial file under the asked name.
private final class LineSink {
    private let path: String?
    private let handle: FileHandle
    private let temporary: String?
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        self.path = path
        if let path {
            let temporary = path + ".partial-\(getpid())"
            guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
                throw LineSinkError(path: path, reason: FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
                    ? "cannot be written" : "is in a folder that does not exist")
            }
            self.temporary = temporary
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        } else {
            temporary = nil
            handle = FileHandle.standardOutput
        }
    }

    func append(_ line: [UInt8]) {
        buffer += line
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        flush()
        guard let path, let temporary else { return }
        try handle.close()
        if rename(temporary, path) != 0 {
            throw LineSinkError(path: path, reason: "cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    func abandon() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}

struct LineSinkError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(path): \(reason)" }
}
