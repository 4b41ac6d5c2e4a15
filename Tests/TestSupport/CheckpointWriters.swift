import Foundation
import GGUF

/// One tensor of a safetensors file a test writes.
public struct SafetensorsEntry {
    public var name: String
    public var dtype: String
    public var shape: [Int]
    public var bytes: [UInt8]

    /// `values` encoded as `dtype` (F32, F16 or BF16), with ggml's rounding.
    public init(name: String, dtype: String, shape: [Int], values: [Float]) throws {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        bytes = switch dtype {
        case "F16": try GGMLType.f16.quantize(values)
        case "BF16": try GGMLType.bf16.quantize(values)
        default: try GGMLType.f32.quantize(values)
        }
    }

    public init(name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }
}

/// Writes safetensors files as the reference library lays them out: the header JSON padded
/// with spaces to a multiple of 8, tensors in the given order, back to back.
public enum SafetensorsWriter {
    public static func header(_ entries: [SafetensorsEntry]) -> String {
        var offset = 0
        var fields = ["\"__metadata__\":{\"format\":\"pt\"}"]
        for entry in entries {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            fields.append("\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + entry.bytes.count)]}")
            offset += entry.bytes.count
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The file's bytes with `header` (normally ``header(_:)``) as its JSON.
    public static func encode(_ entries: [SafetensorsEntry], header: String? = nil) -> [UInt8] {
        var json = Array((header ?? Self.header(entries)).utf8)
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init)
        bytes += json
        for entry in entries { bytes += entry.bytes }
        return bytes
    }

    public static func write(_ entries: [SafetensorsEntry], to path: String, header: String? = nil) throws {
        try Data(encode(entries, header: header)).write(to: URL(fileURLWithPath: path))
    }
}

/// Writes a SentencePiece `ModelProto` in protobuf's wire format, field by field.
public enum SentencePieceProtoWriter {
    public struct Piece {
        public var text: String
        public var score: Float
        public var type: Int32

        public init(text: String, score: Float, type: Int32) {
            self.text = text
            self.score = score
            self.type = type
        }
    }

    public static func encode(
        pieces: [Piece], modelType: Int32 = 2, byteFallback: Bool = true,
        unknownID: Int32 = 0, bosID: Int32 = 1, eosID: Int32 = 2, padID: Int32 = -1, addDummyPrefix: Bool = true
    ) -> [UInt8] {
        var model: [UInt8] = []
        for piece in pieces {
            var message = lengthDelimited(1, Array(piece.text.utf8))
            message += key(2, wireType: 5) + withUnsafeBytes(of: piece.score.bitPattern.littleEndian, Array.init)
            if piece.type != 1 { message += key(3, wireType: 0) + varint(UInt64(bitPattern: Int64(piece.type))) }
            model += lengthDelimited(1, message)
        }
        var trainer = lengthDelimited(1, Array("corpus.txt".utf8))  // an unread field, to be skipped
        trainer += key(3, wireType: 0) + varint(UInt64(modelType))
        trainer += key(4, wireType: 0) + varint(UInt64(pieces.count))
        trainer += key(35, wireType: 0) + varint(byteFallback ? 1 : 0)
        for (field, id) in [(40, unknownID), (41, bosID), (42, eosID), (43, padID)] {
            trainer += key(field, wireType: 0) + varint(UInt64(bitPattern: Int64(id)))
        }
        model += lengthDelimited(2, trainer)
        var normalizer = lengthDelimited(1, Array("identity".utf8))
        normalizer += key(3, wireType: 0) + varint(addDummyPrefix ? 1 : 0)
        model += lengthDelimited(3, normalizer)
        return model
    }

    public static func key(_ field: Int, wireType: UInt64) -> [UInt8] { varint(UInt64(field) << 3 | wireType) }

    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        repeat {
            bytes.append(UInt8(value & 0x7f) | (value >= 0x80 ? 0x80 : 0))
            value >>= 7
        } while value != 0
        return bytes
    }

    public static func lengthDelimited(_ field: Int, _ contents: [UInt8]) -> [UInt8] {
        key(field, wireType: 2) + varint(UInt64(contents.count)) + contents
    }
}
