import Benchmark
import Foundation

/// The wire's frame: a versioned JSON object around each message body.
///
///     {"v":1,"kind":"lease","request":"w-3f2a#17","token":"…","body":{"worker":"w-3f2a","loadedModel":"BioMistral-7B"}}
///
/// `request` is chosen by the worker, unique per request; a re-sent request carries the same
/// one, which is how the coordinator recognises it. Replies echo it and carry no token.
public enum Envelope {
    /// 2: results carry the top token's decoded text (the authors' answer rule). 3: a worker
    /// leases only after `hello` to this coordinator (`unknown_worker` tells it to say it again).
    /// 4: a unit holds a question slice in several languages; its questions and results name
    /// their language, and results say how many prompt tokens were computed for them.
    public static let version = 4

    /// The envelope's fields other than the body, read first to decide how to read the body.
    public struct Header: Decodable, Sendable {
        public var v: Int
        public var kind: String
        public var request: String?
        public var token: String?
    }

    struct Frame<Body: Codable>: Codable {
        var v: Int
        var kind: String
        var request: String?
        var token: String?
        var body: Body
    }

    /// The envelope's bytes, written by medsweep's one JSON writer: a number JSON cannot hold
    /// (NaN, an infinity) is written as null, which the reader refuses as malformed, naming the
    /// field; encoding never traps on a value. Only a body whose own `encode(to:)` throws (none
    /// of the protocol's does) gets an `error` envelope saying so instead.
    public static func encode<Body: Codable>(_ kind: WireKind, request: String?, token: String? = nil, body: Body) -> [UInt8] {
        let frame = Frame(v: version, kind: kind.rawValue, request: request, token: token, body: body)
        do {
            return JSONWriter.bytes(try JSONNodeEncoder().encode(frame), layout: .compact)
        } catch {
            let message = "cannot encode a \(kind.rawValue) body: \(error)"
            let fallback = JSONNode.object([
                JSONMember("v", JSONWriter.number(version)), JSONMember("kind", .string(WireKind.error.rawValue)),
                JSONMember("request", request.map(JSONNode.string) ?? .null),
                JSONMember("body", .object([
                    JSONMember("code", .string(ErrorBody.Code.malformed.rawValue)), JSONMember("message", .string(message)),
                ])),
            ])
            return JSONWriter.bytes(fallback, layout: .compact)
        }
    }

    public static func header(_ bytes: [UInt8]) throws -> Header {
        try decoder.decode(Header.self, from: Data(bytes))
    }

    public static func body<Body: Codable>(_ type: Body.Type, from bytes: [UInt8]) throws -> Body {
        try decoder.decode(Frame<Body>.self, from: Data(bytes)).body
    }

    // Keys stay as the Swift names (camelCase): snake-case conversion would not read back
    // names such as `questionID`.
    private static var decoder: JSONDecoder { JSONDecoder() }
}
