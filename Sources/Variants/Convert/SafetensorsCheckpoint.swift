import Foundation

/// A checkpoint's weights: one `model.safetensors`, or shards listed by
/// `model.safetensors.index.json` (its `weight_map` from tensor name to shard file), or, with
/// no index, every `model*.safetensors` in the directory, as llama.cpp's converter finds them.
///
/// Every tensor is in exactly one shard; with an index, the index and the shards must agree
/// tensor for tensor.
///
/// ```swift
/// let weights = try SafetensorsCheckpoint(directory: "Mistral-7B-v0.1")
/// for (shard, tensor) in weights.orderedTensors { print(shard.path, tensor.name) }
/// ```
public struct SafetensorsCheckpoint: Sendable {
    public static let indexFileName = "model.safetensors.index.json"

    public let directory: String
    /// The shards, sorted by file name.
    public let shards: [SafetensorsFile]

    public init(directory: String) throws(ConvertError) {
        self.directory = directory
        let indexPath = directory + "/" + Self.indexFileName
        if FileManager.default.fileExists(atPath: indexPath) {
            shards = try Self.indexedShards(indexPath: indexPath, directory: directory)
        } else {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasPrefix("model") && $0.hasSuffix(".safetensors") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            guard !names.isEmpty else { throw .noWeights(directory: directory) }
            var shards: [SafetensorsFile] = []
            for name in names { shards.append(try SafetensorsFile(path: directory + "/" + name)) }
            self.shards = shards
            _ = try locations()
        }
    }

    /// Every tensor with its shard, in the order llama.cpp's converter writes them: shard by
    /// shard in file-name order, and by name within a shard.
    public var orderedTensors: [(shard: SafetensorsFile, tensor: SafetensorsFile.Tensor)] {
        shards.flatMap { shard in shard.orderedNames.map { (shard, shard.tensors[$0]!) } }
    }

    /// The shard holding each tensor; a tensor in two shards is an error naming both.
    private func locations() throws(ConvertError) -> [String: SafetensorsFile] {
        var located: [String: SafetensorsFile] = [:]
        for shard in shards {
            for name in shard.tensors.keys {
                if let first = located[name] { throw .duplicateTensor(tensor: name, first: first.path, second: shard.path) }
                located[name] = shard
            }
        }
        return located
    }

    private static func indexedShards(indexPath: String, directory: String) throws(ConvertError) -> [SafetensorsFile] {
        let index = try CheckpointJSON.object(at: indexPath)
        guard let weightMap = index["weight_map"] else { throw .missingField(path: indexPath, field: "weight_map") }
        guard let entries = weightMap.object else {
            throw .badField(path: indexPath, field: "weight_map", value: weightMap.description, reason: "not an object of tensor name to shard file")
        }
        var shardNames: Set<String> = []
        for (tensor, shard) in entries {
            guard let name = shard.string, !name.isEmpty, !name.contains("/") else {
                throw .badField(path: indexPath, field: "weight_map.\(tensor)", value: shard.description, reason: "not a shard file name in the directory")
            }
            shardNames.insert(name)
        }
        var shards: [SafetensorsFile] = []
        for name in shardNames.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path) else { throw .missingShard(index: indexPath, shard: name) }
            shards.append(try SafetensorsFile(path: path))
        }
        let checkpoint = SafetensorsCheckpoint(directory: directory, shards: shards)
        let located = try checkpoint.locations()
        for (tensor, shard) in entries.sorted(by: { $0.key < $1.key }) {
            let name = shard.string!
            guard let holder = located[tensor] else {
                throw .badField(path: indexPath, field: "weight_map.\(tensor)", value: "\"\(name)\"",
                                reason: "that shard has no tensor '\(tensor)'")
            }
            guard holder.path == directory + "/" + name else {
                throw .badField(path: indexPath, field: "weight_map.\(tensor)", value: "\"\(name)\"",
                                reason: "the tensor is in \(holder.path)")
            }
        }
        for (tensor, holder) in located where entries[tensor] == nil {
            throw .badField(path: indexPath, field: "weight_map", value: "without '\(tensor)'",
                            reason: "\(holder.path) holds that tensor but the index does not list it")
        }
        return shards
    }

    private init(directory: String, shards: [SafetensorsFile]) {
        self.directory = directory
        self.shards = shards
    }
}
