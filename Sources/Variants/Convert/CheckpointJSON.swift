import Foundation

/// A JSON value from one of a checkpoint's files (config.json, tokenizer.json, a safetensors
/// header), kept as read so each reader can say which field was wrong and why.
///
/// ```swift
/// let config = try CheckpointJSON.object(at: "model/config.json")
/// config["hidden_size"]?.number   // 4096
/// ```
public enum CheckpointJSON: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([CheckpointJSON])
    case object([String: CheckpointJSON])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([CheckpointJSON].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: CheckpointJSON].self))
        }
    }

    /// Parses `bytes`; `path` names the file in the error.
    public static func parse(_ bytes: Data, path: String) throws(ConvertError) -> CheckpointJSON {
        do {
            return try JSONDecoder().decode(CheckpointJSON.self, from: bytes)
        } catch let error as DecodingError {
            throw .badJSON(path: path, reason: Self.reason(error))
        } catch {
            throw .badJSON(path: path, reason: "\(error)")
        }
    }

    /// Reads the file at `path`, which must hold a JSON object.
    public static func object(at path: String) throws(ConvertError) -> [String: CheckpointJSON] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        guard case .object(let object) = try parse(data, path: path) else {
            throw .badJSON(path: path, reason: "the top level is not an object")
        }
        return object
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
             .keyNotFound(_, let context):
            if let underlying = context.underlyingError { return "\(context.debugDescription) (\(underlying))" }
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    public var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var number: Double? {
        if case .number(let value) = self { value } else { nil }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    public var array: [CheckpointJSON]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var object: [String: CheckpointJSON]? {
        if case .object(let value) = self { value } else { nil }
    }

    /// The number as an `Int` when it is a whole number that fits.
    public var integer: Int? {
        guard let number, number.rounded() == number, abs(number) < 0x1p53 else { return nil }
        return Int(number)
    }

    public subscript(key: String) -> CheckpointJSON? {
        object?[key]
    }

    /// The value as JSON text, for error messages (strings quoted, long values cut).
    public var description: String {
        let text: String = switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): value.rounded() == value && abs(value) < 0x1p53 ? "\(Int(value))" : "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let object):
            "{" + object.keys.sorted().map { "\"\($0)\": \(object[$0]!)" }.joined(separator: ", ") + "}"
        }
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
