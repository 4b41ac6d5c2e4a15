import Foundation

/// The wire's frame: a versioned JSON object around each message body.
///
///     {"v":1,"kind":"lease","request":"w-3f2a#17","token":"…","body":{"worker":"w-3f2a","loadedModel":"BioMistral-7B"}}
///
/// `request` is chosen by the worker, unique per request; a re-sent request carries the same
/// one, which is how the coordinator recognises it. Replies echo it and carry no token.
public enum Envelope {
    /// 2: results carry the top token's decoded text (the authors' answer rule).
    public static let version = 2

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

    public static func encode<Body: Codable>(_ kind: WireKind, request: String?, token: String? = nil, body: Body) -> [UInt8] {
        let frame = Frame(v: version, kind: kind.rawValue, request: request, token: token, body: body)
        // Encoding these plain structs cannot fail; a failure is a programming error.
        return Array(try! encoder.encode(frame))
    }

    public static func header(_ bytes: [UInt8]) throws -> Header {
        try decoder.decode(Header.self, from: Data(bytes))
    }

    public static func body<Body: Codable>(_ type: Body.Type, from bytes: [UInt8]) throws -> Body {
        try decoder.decode(Frame<Body>.self, from: Data(bytes)).body
    }

    // Keys stay as the Swift names (camelCase): snake-case conversion would not read back
    // names such as `questionID`.
    private static var encoder: JSONEncoder { JSONEncoder() }
    private static var decoder: JSONDecoder { JSONDecoder() }
}
