import GGUF

/// The float type a merge or a conversion writes its weight matrices in (`--out-type`).
///
/// One-dimensional tensors (the norms) stay F32 whatever is chosen, as llama.cpp's converter
/// keeps them: they are small, and the engine reads them as F32 anyway.
public enum FloatOutputType: String, Sendable, CaseIterable, CustomStringConvertible {
    case f16 = "F16"
    case bf16 = "BF16"

    public var description: String { rawValue }

    /// Looks a type up by name, case-insensitively (`f16`, `BF16`).
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue == name.uppercased() }) else { return nil }
        self = match
    }

    /// The tensor type a tensor of shape `ne` is written as.
    public func tensorType(ne: [Int]) -> GGMLType {
        guard ne.count > 1 else { return .f32 }
        return switch self {
        case .f16: .f16
        case .bf16: .bf16
        }
    }

    /// llama.cpp's `general.file_type` for a file mostly of this type (`LLAMA_FTYPE_MOSTLY_F16`
    /// is 1, `LLAMA_FTYPE_MOSTLY_BF16` 32).
    public var llamaFileType: UInt32 {
        switch self {
        case .f16: 1
        case .bf16: 32
        }
    }
}
