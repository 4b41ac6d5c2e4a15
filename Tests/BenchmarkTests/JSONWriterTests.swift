import Foundation
@testable import Benchmark
import Testing

/// medsweep's one JSON writer and the encoder in front of it: one rule for numbers JSON cannot
/// hold (null), numbers that read back bit for bit, keys in encoding order.
@Suite struct JSONWriterTests {
    struct Sample: Codable, Equatable {
        var name: String
        var rate: Double
        var rates: [Double]
        var count: Int64
        var note: String?
        var nested: [String: Int]
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, .signalingNaN])
    func aNonFiniteNumberIsNull(value: Double) throws {
        #expect(JSONWriter.number(value) == .null)
        let sample = Sample(name: "x", rate: value, rates: [1, value], count: 1, note: nil, nested: [:])
        let text = JSONWriter.render(try JSONNodeEncoder().encode(sample))
        #expect(text == #"{"name": "x", "rate": null, "rates": [1, null], "count": 1, "nested": {}}"#)
    }

    @Test func finiteNumbersReadBackBitForBit() throws {
        let values: [Double] = [0.1, 1e-300, 1.0 / 3.0, .leastNonzeroMagnitude, -0.0, 0, 1, 2.2250738585072014e-308, 1e15, 1e16,
                                -123456789012345, .greatestFiniteMagnitude, 0.30000000000000004]
        let sample = Sample(name: "bits", rate: -0.0, rates: values, count: .min, note: "n", nested: ["a": 1])
        let bytes = JSONWriter.bytes(try JSONNodeEncoder().encode(sample), layout: .compact)
        let back = try JSONDecoder().decode(Sample.self, from: Data(bytes))
        #expect(back.rates.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(back.rate.sign == .minus)
        #expect(back.count == .min)
        #expect(back == sample || back.rate == sample.rate)
    }

    @Test func stringsAreEscapedAndKeysKeepTheirOrder() throws {
        let sample = Sample(name: "q\"\\\n\u{0}\u{1B}é中", rate: 2.5, rates: [], count: 0, note: nil, nested: [:])
        let bytes = JSONWriter.bytes(try JSONNodeEncoder().encode(sample), layout: .compact)
        #expect(String(decoding: bytes, as: UTF8.self)
            == #"{"name":"q\"\\\n\u0000\u001bé中","rate":2.5,"rates":[],"count":0,"nested":{}}"#)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(bytes)).name == sample.name)
    }

    @Test func layoutsMatchTheReportsAndTheWire() {
        let node = JSONNode.object([JSONMember("a", .array([.number("1"), .null])), JSONMember("b", .object([]))])
        #expect(JSONWriter.render(node) == #"{"a": [1, null], "b": {}}"#)
        #expect(JSONWriter.render(node, indent: 2) == "{\n  \"a\": [\n    1,\n    null\n  ],\n  \"b\": {}\n}")
        #expect(String(decoding: JSONWriter.bytes(node, layout: .compact), as: UTF8.self) == #"{"a":[1,null],"b":{}}"#)
    }
}
