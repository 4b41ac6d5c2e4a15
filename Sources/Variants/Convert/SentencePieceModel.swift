import Foundation

/// A SentencePiece `tokenizer.model`: the `ModelProto` protobuf, read without the
/// sentencepiece library. Kept: the pieces (field 1: `piece` = 1, `score` = 2, `type` = 3),
/// and from the trainer spec (field 2) `model_type` = 3, `byte_fallback` = 35, `unk_id` = 40,
/// `bos_id` = 41, `eos_id` = 42, `pad_id` = 43; from the normalizer spec (field 3)
/// `add_dummy_prefix` = 3. Everything else is skipped.
///
/// ```swift
/// let model = try SentencePieceModel(path: "Mistral-7B-v0.1/tokenizer.model")
/// model.pieces[1].text        // "<s>"
/// model.pieces[1].type        // .control
/// ```
public struct SentencePieceModel: Sendable, Equatable {
    /// `ModelProto.SentencePiece.Type`; the values are llama.cpp's token types too.
    public enum PieceType: Int32, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// `TrainerSpec.ModelType`.
    public enum ModelType: Int32, Sendable {
        case unigram = 1, bytePair = 2, word = 3, character = 4
    }

    public struct Piece: Sendable, Equatable {
        public var text: String
        public var score: Float
        public var type: PieceType
    }

    public var pieces: [Piece] = []
    public var modelType: ModelType = .unigram
    public var byteFallback = false
    public var unknownID: Int32 = 0
    public var bosID: Int32 = 1
    public var eosID: Int32 = 2
    /// -1 when the model has no padding token.
    public var padID: Int32 = -1
    public var addsDummyPrefix = true

    public init(path: String) throws(ConvertError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// Parses `bytes`; `path` names the file in errors.
    public init(bytes: [UInt8], path: String) throws(ConvertError) {
        do {
            try parseModel(ProtobufReader(bytes))
        } catch {
            throw .badTokenizer(path: path, reason: "not a SentencePiece model: at byte \(error.offset): \(error.reason)")
        }
        guard !pieces.isEmpty else { throw .badTokenizer(path: path, reason: "the SentencePiece model has no pieces") }
    }

    private mutating func parseModel(_ reader: ProtobufReader) throws(ProtobufReader.Failure) {
        var reader = reader
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            switch (field, wireType) {
            case (1, .lengthDelimited): pieces.append(try Self.piece(reader.message(), index: pieces.count))
            case (2, .lengthDelimited): try parseTrainerSpec(reader.message())
            case (3, .lengthDelimited): try parseNormalizerSpec(reader.message())
            default: try reader.skip(wireType)
            }
        }
    }

    private static func piece(_ reader: ProtobufReader, index: Int) throws(ProtobufReader.Failure) -> Piece {
        var reader = reader
        let start = reader.offset
        var piece = Piece(text: "", score: 0, type: .normal)
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            switch (field, wireType) {
            case (1, .lengthDelimited): piece.text = try reader.string()
            case (2, .fixed32): piece.score = Float(bitPattern: try reader.fixed32())
            case (3, .varint):
                let raw = try reader.int32()
                guard let type = PieceType(rawValue: raw) else {
                    throw .init(offset: start, reason: "piece \(index) has type \(raw), not one of 1...6")
                }
                piece.type = type
            default: try reader.skip(wireType)
            }
        }
        return piece
    }

    private mutating func parseTrainerSpec(_ reader: ProtobufReader) throws(ProtobufReader.Failure) {
        var reader = reader
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            switch (field, wireType) {
            case (3, .varint):
                let raw = try reader.int32()
                guard let type = ModelType(rawValue: raw) else { throw .init(offset: reader.offset, reason: "model_type \(raw) is not one of 1...4") }
                modelType = type
            case (35, .varint): byteFallback = try reader.varint() != 0
            case (40, .varint): unknownID = try reader.int32()
            case (41, .varint): bosID = try reader.int32()
            case (42, .varint): eosID = try reader.int32()
            case (43, .varint): padID = try reader.int32()
            default: try reader.skip(wireType)
            }
        }
    }

    private mutating func parseNormalizerSpec(_ reader: ProtobufReader) throws(ProtobufReader.Failure) {
        var reader = reader
        while !reader.isAtEnd {
            let (field, wireType) = try reader.fieldKey()
            if field == 3, wireType == .varint {
                addsDummyPrefix = try reader.varint() != 0
            } else {
                try reader.skip(wireType)
            }
        }
    }
}
