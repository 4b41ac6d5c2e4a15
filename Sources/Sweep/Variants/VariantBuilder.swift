import Engine
import Foundation
import GGUF
import Synchronization
import Variants

/// Makes a sweep's variant from its parents' files, or finds it made in the ``VariantCache``.
///
/// The file is written under a name of this process (`KEY.gguf.partial-PID`) and renamed when
/// complete, so a crash, a Ctrl-C or a full disk never leaves a file the cache would take for
/// a built model; the next plan builds it again.
struct VariantBuilder {
    let cache: VariantCache
    /// Hears when a build starts, every tenth of its tensors, and when it ends.
    let progress: @Sendable (String) -> Void

    /// The variant's file: from the cache, or built there now.
    func file(
        for name: String, variant: ModelVariant, parents: [PlannedModel]
    ) throws(PlanError) -> (path: String, origin: VariantOrigin) {
        let origin = VariantOrigin(recipe: variant.recipe, parents: parents.map { .init(name: $0.name, sha256: $0.sha256) })
        let key = VariantCache.key(recipe: origin.recipe, parentDigests: parents.map(\.sha256))
        let path = cache.modelPath(key: key)
        if FileManager.default.fileExists(atPath: path) {
            progress("model \(name): \(variant.summary), built before: \(path)")
            return (path, origin)
        }
        do {
            try FileManager.default.createDirectory(atPath: cache.folder, withIntermediateDirectories: true)
        } catch {
            throw .variantBuildFailed(model: name, reason: "cannot create the variants folder \(cache.folder): \(error.localizedDescription)")
        }
        cache.removeAbandonedPartials(key: key)
        let partial = cache.partialPath(key: key, pid: getpid())
        progress("model \(name): building the \(variant.summary) into \(path)")
        let start = Date()
        do throws(PlanError) {
            try build(variant, parents: parents, to: partial, name: name)
            try Self.record(origin, of: name, seconds: Date().timeIntervalSince(start), at: cache.recordPath(key: key))
            if rename(partial, path) != 0 {
                throw PlanError.variantBuildFailed(model: name, reason: "cannot rename \(partial) to \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        progress("model \(name): built in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        return (path, origin)
    }

    private func build(_ variant: ModelVariant, parents: [PlannedModel], to output: String, name: String) throws(PlanError) {
        let report = TenthsReporter(name: name, progress: progress)
        switch variant {
        case .quantize(_, let type):
            let source: GGUFFile
            do {
                source = try GGUFFile(path: parents[0].path)
            } catch {
                throw .variantBuildFailed(model: name, reason: "\(parents[0].path): \(error)")
            }
            do {
                try ModelQuantizer(fileType: type).quantize(source, to: output) { step in
                    report.step(step.index + 1, of: step.count)
                }
            } catch {
                throw .variantBuildFailed(model: name, reason: "quantizing \(parents[0].path) to \(type): \(error)")
            }
        case .merge(let merge):
            do {
                try ModelMerger(recipe: merge.recipe, outputType: merge.outputType).merge(
                    base: parents[0].path, model: parents[1].path, output: output, layerCount: merge.layerCount
                ) { step in report.step(step.index, of: step.count) }
            } catch {
                throw .variantBuildFailed(model: name, reason: "\(error)")
            }
        }
    }

    /// What a person listing the variants folder needs to know about `KEY.gguf`.
    private static func record(_ origin: VariantOrigin, of name: String, seconds: Double, at path: String) throws(PlanError) {
        struct Record: Encodable {
            let model: String
            let recipe: String
            let parents: [VariantOrigin.Parent]
            let builtAt: String
            let seconds: Double
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let record = Record(
            model: name, recipe: origin.recipe, parents: origin.parents, builtAt: ISO8601DateFormatter().string(from: Date()),
            seconds: (seconds * 10).rounded() / 10)
        do {
            try encoder.encode(record).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .variantBuildFailed(model: name, reason: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// Passes on one line per tenth of a build's tensors, not one per tensor (a 7B model has 291),
/// and none for a build done within a second (a small model's would be ten lines of noise).
private final class TenthsReporter: Sendable {
    private let name: String
    private let progress: @Sendable (String) -> Void
    private let lastTenth = Mutex(0)
    private let start = ContinuousClock.now
    static let quietFor = Duration.seconds(1)

    init(name: String, progress: @escaping @Sendable (String) -> Void) {
        self.name = name
        self.progress = progress
    }

    func step(_ done: Int, of count: Int) {
        let tenth = count > 0 ? done * 10 / count : 10
        guard ContinuousClock.now - start >= Self.quietFor else { return }
        let isNew = lastTenth.withLock { last in
            defer { last = max(last, tenth) }
            return tenth > last
        }
        if isNew { progress("model \(name): tensor \(done)/\(count) (\(tenth * 10)%)") }
    }
}
