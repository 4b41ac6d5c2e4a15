/// GPT-2's byte-to-character alphabet, in which byte-level BPE vocabularies write their
/// tokens: every byte stands for one printable character, so any byte string is text.
///
/// Printable bytes stand for themselves ("!" to "~", "¡" to "¬", "®" to "ÿ"); the other 68
/// (controls, space, DEL, the C1 range, NBSP and soft hyphen) stand, in byte order, for
/// U+0100 onwards: a space is "Ġ" (U+0120), a newline "Ċ" (U+010A). So the word " patient"
/// is the token text "Ġpatient". Every character of the alphabet is one or two UTF-8 bytes.
enum ByteLevelAlphabet {
    /// The code point standing for `byte`. (Computed, not looked up: the tokenizer asks for
    /// every byte of its input.)
    @inline(__always)
    static func codePoint(of byte: UInt8) -> UInt32 {
        switch byte {
        case 0x00 ... 0x20: 0x100 + UInt32(byte)
        case 0x7F ... 0xA0: 0x100 + 33 + UInt32(byte - 0x7F)
        case 0xAD: 0x100 + 67
        default: UInt32(byte)
        }
    }

    /// The byte `codePoint` stands for, or nil when it is not a character of the alphabet.
    static func byte(for codePoint: UInt32) -> UInt8? {
        switch codePoint {
        case 0x21 ... 0x7E, 0xA1 ... 0xAC, 0xAE ... 0xFF: UInt8(codePoint)
        case 0x100 ... 0x120: UInt8(codePoint - 0x100)
        case 0x121 ... 0x142: UInt8(codePoint - 0x121 + 0x7F)
        case 0x143: 0xAD
        default: nil
        }
    }

    /// Appends the alphabet's spelling of `byte` in UTF-8 (one byte or two).
    @inline(__always)
    static func appendCharacter(of byte: UInt8, to text: inout [UInt8]) {
        let codePoint = codePoint(of: byte)
        if codePoint < 0x80 {
            text.append(UInt8(codePoint))
        } else {
            text.append(0xC0 | UInt8(codePoint >> 6))
            text.append(0x80 | UInt8(codePoint & 0x3F))
        }
    }
}
