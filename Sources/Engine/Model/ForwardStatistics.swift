/// What a transformer's forward passes did: how many, over how many tokens, and where their
/// time went. Read to see whether the matrix products dominate, as they should.
public struct ForwardStatistics: Sendable, Equatable {
    /// Forward passes run.
    public private(set) var passes = 0
    /// Tokens that went through the blocks (each token once, whatever its sequence).
    public private(set) var tokens = 0
    /// Rows that went through the output head (one per sequence whose logits were asked for).
    public private(set) var outputHeadRows = 0
    /// Wall time of the passes, in nanoseconds.
    public private(set) var totalNanoseconds: UInt64 = 0
    /// Of which attention, every block.
    public private(set) var attentionNanoseconds: UInt64 = 0
    /// Of which the final norm and the output head.
    public private(set) var outputHeadNanoseconds: UInt64 = 0

    public init() {}

    /// The rest of the time: the blocks' matrix products and their elementwise steps.
    public var blockNanoseconds: UInt64 { totalNanoseconds - attentionNanoseconds - outputHeadNanoseconds }

    /// Counts one pass (a backend that cannot time its parts leaves them 0, all in the blocks).
    public mutating func record(tokens: Int, total: UInt64, attention: UInt64 = 0, outputHead: UInt64 = 0, headRows: Int) {
        passes += 1
        self.tokens += tokens
        outputHeadRows += headRows
        totalNanoseconds += total
        attentionNanoseconds += attention
        outputHeadNanoseconds += outputHead
    }

    /// What was done after `earlier`, a reading of the same transformer's statistics.
    public func since(_ earlier: ForwardStatistics) -> ForwardStatistics {
        var difference = ForwardStatistics()
        difference.passes = passes - earlier.passes
        difference.tokens = tokens - earlier.tokens
        difference.outputHeadRows = outputHeadRows - earlier.outputHeadRows
        difference.totalNanoseconds = totalNanoseconds - earlier.totalNanoseconds
        difference.attentionNanoseconds = attentionNanoseconds - earlier.attentionNanoseconds
        difference.outputHeadNanoseconds = outputHeadNanoseconds - earlier.outputHeadNanoseconds
        return difference
    }
}
