import Testing
@testable import Sweep

/// Names that reach logs, terminals and the journal (issue 18, fault 9).
@Suite struct PrintableTextTests {
    @Test(arguments: ["node-1", "höst.example", "BioMistral-7B Q4_K_M", "模型", "a b"])
    func printableNamesPass(name: String) {
        #expect(PrintableText.problem(in: name, limit: 128) == nil)
    }

    @Test(arguments: ["a\nb", "a\u{0}", "\u{1B}[2J", "a\u{7F}", "a\u{85}", "a\u{2028}", "a\u{202E}b", "tab\there"])
    func controlCharactersAreNamed(name: String) throws {
        let problem = try #require(PrintableText.problem(in: name, limit: 128))
        #expect(problem.contains("control character (U+"))
    }

    @Test func lengthIsCountedInBytes() {
        #expect(PrintableText.problem(in: String(repeating: "é", count: 65), limit: 128) == "is 130 bytes long (at most 128)")
        #expect(PrintableText.problem(in: "", limit: 128) == "is empty")
        #expect(PrintableText.problem(in: "", limit: 128, allowEmpty: true) == nil)
    }

    @Test func escapingLeavesNoControlCharacter() {
        let escaped = PrintableText.escaped("evil\u{1B}[2J\nline")
        #expect(escaped == "evil\\u{1B}[2J\\u{A}line")
        #expect(!escaped.unicodeScalars.contains(where: PrintableText.isControl))
        #expect(PrintableText.escaped(String(repeating: "x", count: 10), limit: 4) == "xxxx…")
    }
}
