/// UTF-8 read and written the way llama.cpp's `unicode_cpts_from_utf8` and `unicode_cpt_to_utf8`
/// do it, which the byte-level tokenizer must follow to give llama.cpp's ids on any bytes.
///
/// Reading is lenient: the lead byte alone decides a sequence's length; a sequence is taken
/// when its continuation bytes are there and look like continuation bytes, without checking
/// for overlong forms or surrogates. Anything else (a stray continuation byte, a lead byte
/// without its continuation bytes, 0xF8 to 0xFF) reads as U+FFFD and moves on by one byte.
/// So a valid string gives its Unicode scalars, and `"a\u{80}b"` as bytes gives
/// `[0x61, 0xFFFD, 0x62]`.
enum LenientUTF8 {
    static let replacement: UInt32 = 0xFFFD

    /// The code points of `bytes`.
    static func codePoints(of bytes: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        var codePoints: [UInt32] = []
        codePoints.reserveCapacity(bytes.count)
        var offset = 0
        let count = bytes.count
        @inline(__always) func continuation(_ index: Int) -> UInt32? {
            guard index < count, bytes[index] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[index] & 0x3F)
        }
        while offset < count {
            let lead = bytes[offset]
            if lead < 0x80 {
                codePoints.append(UInt32(lead))
                offset += 1
            } else if lead & 0xE0 == 0xC0, let b1 = continuation(offset + 1) {
                codePoints.append(UInt32(lead & 0x1F) << 6 | b1)
                offset += 2
            } else if lead & 0xF0 == 0xE0, let b1 = continuation(offset + 1), let b2 = continuation(offset + 2) {
                codePoints.append(UInt32(lead & 0x0F) << 12 | b1 << 6 | b2)
                offset += 3
            } else if lead & 0xF8 == 0xF0, let b1 = continuation(offset + 1), let b2 = continuation(offset + 2),
                      let b3 = continuation(offset + 3) {
                codePoints.append(UInt32(lead & 0x07) << 18 | b1 << 12 | b2 << 6 | b3)
                offset += 4
            } else {
                codePoints.append(replacement)
                offset += 1
            }
        }
        return codePoints
    }

    /// Appends the UTF-8 bytes of `codePoint`. A surrogate is written as its three bytes, as
    /// llama.cpp does. A value past U+10FFFF (read from lead bytes 0xF4 to 0xF7) is written
    /// back as the four bytes it was read from; llama.cpp throws an exception out of
    /// `llama_tokenize` there instead, so there is no id to match.
    @inline(__always)
    static func append(_ codePoint: UInt32, to bytes: inout [UInt8]) {
        forEachByte(of: codePoint) { bytes.append($0) }
    }

    /// Calls `body` with each UTF-8 byte of `codePoint`, written as ``append(_:to:)`` writes it.
    @inline(__always)
    static func forEachByte(of codePoint: UInt32, _ body: (UInt8) -> Void) {
        switch codePoint {
        case 0 ..< 0x80:
            body(UInt8(codePoint))
        case 0x80 ..< 0x800:
            body(0xC0 | UInt8(codePoint >> 6))
            body(0x80 | UInt8(codePoint & 0x3F))
        case 0x800 ..< 0x10000:
            body(0xE0 | UInt8(codePoint >> 12))
            body(0x80 | UInt8(codePoint >> 6 & 0x3F))
            body(0x80 | UInt8(codePoint & 0x3F))
        default:
            body(0xF0 | UInt8(codePoint >> 18 & 0x07))
            body(0x80 | UInt8(codePoint >> 12 & 0x3F))
            body(0x80 | UInt8(codePoint >> 6 & 0x3F))
            body(0x80 | UInt8(codePoint & 0x3F))
        }
    }
}
