/// Turns an `Encodable` value into a `JSONNode`, for `JSONWriter` to write: how the wire's
/// envelopes and `/api/status` become JSON. Keys stay in the order the value encodes them (the
/// declaration order of synthesized `Codable`); optionals that are nil are left out; Doubles
/// follow the writer's one rule (`JSONWriter.number`: NaN and infinities become null), so
/// encoding fails only when a value's own `encode(to:)` throws.
///
/// ```swift
/// struct Rate: Encodable { var perSecond: Double }
/// let node = try JSONNodeEncoder().encode(Rate(perSecond: .infinity))
/// JSONWriter.render(node)   // {"perSecond": null}
/// ```
public struct JSONNodeEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONNode {
        let slot = Slot()
        try value.encode(to: NodeEncoder(slot: slot, codingPath: []))
        return slot.node
    }
}

/// Where one value goes while it is being encoded: containers write into it by reference, as
/// `Encoder`'s contract (containers handed out before their values are set) requires.
private final class Slot {
    private enum Kind {
        case empty, value, object, array
    }

    private var kind = Kind.empty
    private var value = JSONNode.null
    /// Object members in the order first encoded, and where each key is among them.
    private var members: [(key: String, slot: Slot)] = []
    private var memberIndex: [String: Int] = [:]
    private var elements: [Slot] = []

    var node: JSONNode {
        switch kind {
        case .empty: .object([])
        case .value: value
        case .object: .object(members.map { JSONMember($0.key, $0.slot.node) })
        case .array: .array(elements.map(\.node))
        }
    }

    func set(_ node: JSONNode) {
        kind = .value
        value = node
    }

    /// The slot of member `key`: added after the others, or the one already there.
    func member(_ key: String) -> Slot {
        makeObject()
        if let index = memberIndex[key] { return members[index].slot }
        let slot = Slot()
        memberIndex[key] = members.count
        members.append((key, slot))
        return slot
    }

    func appended() -> Slot {
        makeArray()
        let slot = Slot()
        elements.append(slot)
        return slot
    }

    var count: Int { elements.count }

    func makeObject() {
        if kind != .object { kind = .object }
    }

    func makeArray() {
        if kind != .array { kind = .array }
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) {
        stringValue = String(index)
        intValue = index
    }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct NodeEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeArray()
        return UnkeyedContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath)
    }
}

/// The node of a value that is a plain JSON value, or nil for one that encodes itself.
private func plainNode(_ value: some Encodable) -> JSONNode? {
    switch value {
    case let value as String: .string(value)
    case let value as Bool: .bool(value)
    case let value as Double: JSONWriter.number(value)
    case let value as Float: JSONWriter.number(Double(value))
    case let value as Int: JSONWriter.number(value)
    case let value as Int8: JSONWriter.number(value)
    case let value as Int16: JSONWriter.number(value)
    case let value as Int32: JSONWriter.number(value)
    case let value as Int64: JSONWriter.number(value)
    case let value as UInt: JSONWriter.number(value)
    case let value as UInt8: JSONWriter.number(value)
    case let value as UInt16: JSONWriter.number(value)
    case let value as UInt32: JSONWriter.number(value)
    case let value as UInt64: JSONWriter.number(value)
    default: nil
    }
}

private func encode(_ value: some Encodable, into slot: Slot, codingPath: [any CodingKey]) throws {
    if let node = plainNode(value) {
        slot.set(node)
    } else {
        try value.encode(to: NodeEncoder(slot: slot, codingPath: codingPath))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).set(.null) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try Benchmark.encode(value, into: slot.member(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(slot: slot.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int { slot.count }

    mutating func encodeNil() throws { slot.appended().set(.null) }

    mutating func encode(_ value: some Encodable) throws {
        let index = IndexKey(count)
        try Benchmark.encode(value, into: slot.appended(), codingPath: codingPath + [index])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = IndexKey(count)
        return NodeEncoder(slot: slot.appended(), codingPath: codingPath + [index]).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = IndexKey(count)
        return NodeEncoder(slot: slot.appended(), codingPath: codingPath + [index]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let index = IndexKey(count)
        return NodeEncoder(slot: slot.appended(), codingPath: codingPath + [index])
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.set(.null) }

    mutating func encode(_ value: some Encodable) throws {
        try Benchmark.encode(value, into: slot, codingPath: codingPath)
    }
}
