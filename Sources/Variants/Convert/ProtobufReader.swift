/// Protocol Buffers' wire format, as far as reading a SentencePiece model needs: varints,
/// 32-bit and 64-bit fixed fields, and length-delimited fields (strings, sub-messages,
/// packed arrays). Unknown fields are skipped; groups (wire types 3 and 4) are an error.
struct ProtobufReader {
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    /// What is wrong with the bytes, at which offset.
    struct Failure: Error {
        let offset: Int
        let reason: String
    }

    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        offset = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    var isAtEnd: Bool { offset >= end }

    /// The next field's number and wire type.
    mutating func fieldKey() throws(Failure) -> (field: Int, wireType: WireType) {
        let start = offset
        let key = try varint()
        guard let wireType = WireType(rawValue: key & 7) else { throw Failure(offset: start, reason: "wire type \(key & 7) is not one of 0...5") }
        guard key >> 3 > 0, key >> 3 < 1 << 29 else { throw Failure(offset: start, reason: "field number \(key >> 3) is out of range") }
        return (Int(key >> 3), wireType)
    }

    mutating func varint() throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard offset < end else { throw Failure(offset: offset, reason: "a varint runs past the end") }
            let byte = bytes[offset]
            offset += 1
            if shift == 63, byte > 1 { throw Failure(offset: offset - 1, reason: "a varint is longer than 64 bits") }
            value |= UInt64(byte & 0x7f) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw Failure(offset: offset, reason: "a varint is longer than 10 bytes")
    }

    /// An `int32` field: negative values are sign-extended to 64 bits on the wire.
    mutating func int32() throws(Failure) -> Int32 {
        Int32(truncatingIfNeeded: Int64(bitPattern: try varint()))
    }

    mutating func fixed32() throws(Failure) -> UInt32 {
        guard end - offset >= 4 else { throw Failure(offset: offset, reason: "a 32-bit field runs past the end") }
        var value: UInt32 = 0
        for index in 0 ..< 4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        offset += 4
        return value
    }

    /// The byte range of a length-delimited field's contents.
    mutating func lengthDelimited() throws(Failure) -> Range<Int> {
        let start = offset
        let length = try varint()
        guard length <= UInt64(end - offset) else {
            throw Failure(offset: start, reason: "a field of \(length) bytes runs past the end")
        }
        let range = offset ..< offset + Int(length)
        offset = range.upperBound
        return range
    }

    mutating func string() throws(Failure) -> String {
        let range = try lengthDelimited()
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw Failure(offset: range.lowerBound, reason: "a string is not valid UTF-8")
        }
        return text
    }

    /// A reader over a sub-message's bytes.
    mutating func message() throws(Failure) -> ProtobufReader {
        ProtobufReader(bytes, range: try lengthDelimited())
    }

    mutating func skip(_ wireType: WireType) throws(Failure) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64:
            guard end - offset >= 8 else { throw Failure(offset: offset, reason: "a 64-bit field runs past the end") }
            offset += 8
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32: _ = try fixed32()
        case .startGroup, .endGroup: throw Failure(offset: offset, reason: "groups are not supported")
        }
    }
}
