/// llama.cpp's `clean_spaces` pass over detokenized text (Hugging Face's
/// `clean_up_tokenization_spaces`), for vocabularies whose pre-tokenizer asks for it.
///
/// Three passes over the bytes, each keeping the first byte:
/// 1. a space before "?", "!", "." or "," is removed ("Hello , world !" → "Hello, world!");
/// 2. an apostrophe between two spaces loses both (" ' " → "'");
/// 3. a space before the contractions "'s", "'m", "'re" and "'ve" is removed (not before
///    "'t", "'d" or "'ll").
///
/// The passes work in place in llama.cpp, and pass 2 overwrites the space after an apostrophe
/// it strips with a zero byte that the next character then sees as its predecessor; that
/// quirk is kept, so the result is byte for byte llama.cpp's.
enum SpaceCleanup {
    static func clean(_ text: inout [UInt8]) {
        let space = UInt8(ascii: " "), apostrophe = UInt8(ascii: "'")
        // Pass 1: " ?", " !", " .", " ,".
        var kept = keepFirst(text)
        for index in 1 ..< max(1, text.count) {
            let byte = text[index]
            if text[index - 1] == space && (byte == UInt8(ascii: "?") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")) {
                kept -= 1
            }
            text[kept] = byte
            kept += 1
        }
        text.removeLast(text.count - kept)

        // Pass 2: " ' ".
        kept = keepFirst(text)
        var index = 1
        while index < text.count {
            let byte = text[index]
            if byte == apostrophe && index + 1 < text.count && text[index - 1] == space && text[index + 1] == space {
                kept -= 1
                index += 1
                text[index] = 0
            }
            text[kept] = byte
            kept += 1
            index += 1
        }
        text.removeLast(text.count - kept)

        // Pass 3: " 's", " 'm", " 're", " 've".
        kept = keepFirst(text)
        for index in 1 ..< max(1, text.count) {
            let byte = text[index]
            if text[index - 1] == space && byte == apostrophe && index + 1 < text.count {
                let next = text[index + 1]
                if next == UInt8(ascii: "s") || next == UInt8(ascii: "m") {
                    kept -= 1
                } else if next != UInt8(ascii: "t") && next != UInt8(ascii: "d") && index + 2 < text.count {
                    let after = text[index + 2]
                    if (next == UInt8(ascii: "r") || next == UInt8(ascii: "v")) && after == UInt8(ascii: "e") { kept -= 1 }
                }
            }
            text[kept] = byte
            kept += 1
        }
        text.removeLast(text.count - kept)
    }

    /// 1 for text with a first byte to keep, else 0.
    private static func keepFirst(_ text: [UInt8]) -> Int { text.isEmpty ? 0 : 1 }
}
