/// Why a GGUF file could not be read, and where.
///
/// Every check the reader makes has its own ``Problem``; ``offset`` is the byte offset in the
/// file of the field that failed, so a corrupt file can be examined with a hex dump.
///
/// ```
/// model.gguf: byte 1234: tensor 'blk.0.attn_q.weight': data offset 17 is not a multiple of the alignment 32
/// ```
public struct GGUFError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case cannotOpen(reason: String)
        case notARegularFile
        /// `field` needed `needed` bytes but only `available` remain.
        case truncated(field: String, needed: UInt64, available: Int)
        case badMagic(found: [UInt8])
        /// The version field reads as a byte-swapped 2 or 3: a big-endian file.
        case bigEndian(version: UInt32)
        case unsupportedVersion(UInt32)
        /// A count that the rest of the file cannot hold, even at the smallest encoding.
        case countTooLarge(field: String, count: UInt64, atMost: UInt64)
        case invalidUTF8(field: String)
        case unknownValueType(field: String, id: UInt32)
        case arraysNestedTooDeep(field: String, depth: Int)
        case duplicateKey(String)
        case badAlignment(String)
        case tensorNameTooLong(name: String, bytes: Int)
        case duplicateTensorName(String)
        case badDimensionCount(tensor: String, count: UInt32)
        case badShape(tensor: String, ne: [UInt64], reason: String)
        case unknownTensorType(tensor: String, id: UInt32)
        /// A type ggml knows but only computes with (Q8_1); see ``GGMLType/isStoredInFiles``.
        case typeNotStoredInFiles(tensor: String, type: GGMLType)
        case misalignedTensor(tensor: String, offset: UInt64, alignment: Int)
        /// The tensor's bytes `[start, end)` (absolute file offsets) run past the end of the file.
        case tensorOutOfBounds(tensor: String, start: UInt64, end: UInt64, fileSize: Int)
        case overlappingTensors(String, String)
        case noSuchTensor(String)
    }

    /// The file's path, or nil for bytes parsed from memory.
    public var file: String?
    /// Byte offset in the file of the field that failed.
    public var offset: Int
    public var problem: Problem

    public init(file: String? = nil, offset: Int, problem: Problem) {
        self.file = file
        self.offset = offset
        self.problem = problem
    }

    public var description: String {
        "\(file ?? "<memory>"): byte \(offset): \(problem.explanation)"
    }
}

extension GGUFError.Problem {
    var explanation: String {
        switch self {
        case .cannotOpen(let reason):
            "cannot open: \(reason)"
        case .notARegularFile:
            "not a regular file"
        case .truncated(let field, let needed, let available):
            "file ends inside \(field): needs \(needed) bytes, \(available) remain"
        case .badMagic(let found):
            "not a GGUF file: magic is \(found.map { hexByte($0) }.joined(separator: " ")), expected 47 47 55 46 (\"GGUF\")"
        case .bigEndian(let version):
            "big-endian GGUF (version field reads \(version)); only little-endian files are supported"
        case .unsupportedVersion(let version):
            "GGUF version \(version) is not supported (2 and 3 are)"
        case .countTooLarge(let field, let count, let atMost):
            "\(field) is \(count), but the rest of the file can hold at most \(atMost)"
        case .invalidUTF8(let field):
            "\(field) is not valid UTF-8"
        case .unknownValueType(let field, let id):
            "\(field) has unknown value type \(id) (known: 0...12)"
        case .arraysNestedTooDeep(let field, let depth):
            "\(field) nests arrays \(depth) deep, more than the \(GGUFLimits.maximumArrayNesting) allowed"
        case .duplicateKey(let key):
            "metadata key '\(key)' appears twice"
        case .badAlignment(let reason):
            "general.alignment \(reason)"
        case .tensorNameTooLong(let name, let bytes):
            "tensor name '\(name)' is \(bytes) bytes; ggml allows at most \(GGUFLimits.maximumTensorNameBytes)"
        case .duplicateTensorName(let name):
            "tensor '\(name)' appears twice"
        case .badDimensionCount(let tensor, let count):
            "tensor '\(tensor)' has \(count) dimensions; ggml allows 1...\(GGUFLimits.maximumDimensions)"
        case .badShape(let tensor, let ne, let reason):
            "tensor '\(tensor)' has shape \(ne): \(reason)"
        case .unknownTensorType(let tensor, let id):
            "tensor '\(tensor)' has unknown ggml type id \(id)"
        case .typeNotStoredInFiles(let tensor, let type):
            "tensor '\(tensor)' has type \(type.name) (id \(type.rawValue)), an activation-only type that GGUF files do not hold"
        case .misalignedTensor(let tensor, let offset, let alignment):
            "tensor '\(tensor)': data offset \(offset) is not a multiple of the alignment \(alignment)"
        case .tensorOutOfBounds(let tensor, let start, let end, let fileSize):
            "tensor '\(tensor)' occupies bytes \(start)..<\(end), past the end of the \(fileSize)-byte file"
        case .overlappingTensors(let first, let second):
            "tensors '\(first)' and '\(second)' overlap"
        case .noSuchTensor(let name):
            "no tensor named '\(name)'"
        }
    }
}

/// Limits the reader enforces (and the writer respects), as llama.cpp's GGUF code does.
public enum GGUFLimits {
    /// ggml's `GGML_MAX_DIMS`.
    public static let maximumDimensions = 4
    /// ggml's `GGML_MAX_NAME` minus its terminating NUL.
    public static let maximumTensorNameBytes = 63
    /// Arrays of arrays are legal; a hostile file must not drive the parser's recursion deep.
    public static let maximumArrayNesting = 8
    public static let defaultAlignment = 32
}

private func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
