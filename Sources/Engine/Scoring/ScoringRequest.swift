/// One prompt to score, with its option letters: an element of a group scored together
/// (``Scorer/score(group:)``).
///
/// ```swift
/// let group = prompts.map { ScoringRequest(prompt: $0, letters: ["A", "B", "C", "D"]) }
/// let scores = try scorer.score(group: group)
/// ```
public struct ScoringRequest: Sendable, Hashable {
    public let prompt: String
    public let letters: [String]

    public init(prompt: String, letters: [String]) {
        self.prompt = prompt
        self.letters = letters
    }
}

/// Which request of a group could not be scored, and why.
public struct GroupScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request's index in the group.
    public let index: Int
    public let error: ScoringError

    public init(index: Int, error: ScoringError) {
        self.index = index
        self.error = error
    }

    public var description: String { "request \(index) of the group: \(error)" }
}
