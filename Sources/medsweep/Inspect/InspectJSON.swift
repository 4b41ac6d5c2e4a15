import GGUF

/// `medsweep inspect --json`: the file as gguf-py would describe it.
enum InspectJSON {
    static func render(_ file: GGUFFile) -> String {
        JSONValue.object([
            ("version", .uint(UInt64(file.version))),
            ("alignment", .uint(UInt64(file.alignment))),
            ("metadata", .object(file.metadata.map { ($0.key, json($0.value)) })),
            ("tensors", .array(file.tensors.map { tensor in
                .object([
                    ("name", .string(tensor.name)),
                    ("type", .string(tensor.type.name)),
                    ("ne", .array(tensor.ne.map { .int(Int64($0)) })),
                    ("offset", .int(Int64(tensor.offset))),
                ])
            })),
        ]).rendered()
    }

    /// Float32 values are widened exactly to Double, so the printed number is the float the
    /// file holds (1e-5 as f32 prints as 9.999999747378752e-06, as gguf-py reports it), and
    /// keep a fraction (3.0, not 3) so that a reader tells a float field from an integer one.
    static func json(_ value: GGUFValue) -> JSONValue {
        switch value {
        case .uint8(let v): .uint(UInt64(v))
        case .uint16(let v): .uint(UInt64(v))
        case .uint32(let v): .uint(UInt64(v))
        case .uint64(let v): .uint(v)
        case .int8(let v): .int(Int64(v))
        case .int16(let v): .int(Int64(v))
        case .int32(let v): .int(Int64(v))
        case .int64(let v): .int(v)
        case .float32(let v): .float(Double(v))
        case .float64(let v): .float(v)
        case .bool(let v): .bool(v)
        case .string(let v): .string(v)
        case .array(_, let elements): .array(elements.map(json))
        }
    }
}
