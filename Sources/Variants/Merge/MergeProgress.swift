/// One step of a merge: the tensor about to be merged and written.
public struct MergeProgress: Sendable, Equatable {
    /// 1-based.
    public let index: Int
    public let count: Int
    /// Its GGUF name.
    public let tensor: String
}

/// What a finished merge wrote.
public struct MergeSummary: Sendable, Equatable {
    public let outputPath: String
    public let tensorCount: Int
    public let parameterCount: Int
    public let outputType: FloatOutputType
}
