import Foundation

/// Where a sweep keeps the variants it built: a `variants` folder beside the journal, each
/// model named by a digest of its recipe and its parents' digests, so a restart, a second
/// sweep in the same folder, or another model name for the same recipe finds it built.
///
/// Beside each `KEY.gguf` lies `KEY.json`, saying what it is (recipe, parents, when and how
/// long it took to build) for a person listing the folder. Workers read the built files at
/// the same paths as the coordinator, as they do the sweep's other models.
public struct VariantCache: Sendable, Equatable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// The cache of the journal at `journalPath`: `variants/` in its folder.
    public init(besideJournal journalPath: String) {
        folder = URL(fileURLWithPath: journalPath).deletingLastPathComponent().appendingPathComponent("variants").path
    }

    /// 32 hexadecimal digits (128 bits) of SHA-256 over the recipe and the parents' file
    /// digests, in the recipe's order. The version line changes if the key's text ever does.
    public static func key(recipe: String, parentDigests: [String]) -> String {
        String(FileDigest.sha256((["medsweep-variant 1", recipe] + parentDigests).joined(separator: "\n")).prefix(32))
    }

    public func modelPath(key: String) -> String { folder + "/" + key + ".gguf" }

    public func recordPath(key: String) -> String { folder + "/" + key + ".json" }

    /// Where a build in process `pid` writes before the file is complete and renamed.
    func partialPath(key: String, pid: Int32) -> String { modelPath(key: key) + ".partial-\(pid)" }

    /// Removes what builds that died left of `key` (a process that no longer exists), so a
    /// crashed build of a 14 GB model does not keep its half on disk.
    func removeAbandonedPartials(key: String) {
        let prefix = key + ".gguf.partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        }
    }
}
