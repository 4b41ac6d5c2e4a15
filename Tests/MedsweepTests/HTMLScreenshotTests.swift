import Foundation
import Testing
import TestSupport

/// Headless Chromium, when this machine has it (CI images may not).
enum HeadlessChromium {
    static let executable: URL? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))

    static let skipReason: Comment = "no headless Chromium (/usr/bin/chromium, chromium-browser or google-chrome)"

    /// Screenshots `page` at `width` × `height` into `png`. `--no-sandbox`: tests may run as
    /// root, where Chromium refuses its sandbox; the page is a local file with no script.
    /// `--disable-dev-shm-usage` and a virtual time budget, as the dashboard test has them:
    /// beside the rest of the suite on two cores, a screenshot without them once waited past
    /// the test's time limit. `timeout` ends one that hangs all the same, so the test fails
    /// saying so instead of at its limit.
    static func screenshot(_ page: String, to png: String, width: Int, height: Int, profile: String) throws -> CommandRun {
        try CommandRun.run(URL(fileURLWithPath: "/usr/bin/timeout"), [
            "150", executable!.path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--virtual-time-budget=2000", "--hide-scrollbars", "--user-data-dir=\(profile)",
            "--screenshot=\(png)", "--window-size=\(width),\(height)", URL(fileURLWithPath: page).absoluteString,
        ])
    }
}

/// A PNG's size from its IHDR chunk: bytes 16–23 after the 8-byte signature and the chunk's
/// length and type.
struct PNGHeader: Equatable {
    let width: Int
    let height: Int

    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0 ..< 8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12 ..< 16] == [0x49, 0x48, 0x44, 0x52]
        else { return nil }
        func bigEndian(_ offset: Int) -> Int { bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = bigEndian(16)
        height = bigEndian(20)
    }
}

/// The HTML report as a browser draws it: a screenshot of the demo report is a PNG of the
/// window's size with far more in it than a blank page's.
@Suite(.offThePool, .enabled(if: HeadlessChromium.executable != nil, HeadlessChromium.skipReason))
struct HTMLScreenshotTests {
    @Test(.timeLimit(.minutes(6))) func theDemoReportRendersInChromium() throws {
        let folder = temporaryPath("html-screenshot")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let page = folder + "/report.html", blank = folder + "/blank.html"
        let report = try CommandRun.medsweep(
            "report", "--demo-data", "--format", "html", "--metric", "ece", "--bootstrap", "100", "--baseline", "synthetic-medical-7b",
            "--output", page)
        #expect(report.status == 0, "\(report.standardError)")
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)

        var sizes: [Int] = []
        for (file, name) in [(page, "report"), (blank, "blank")] {
            let png = folder + "/\(name).png"
            let shot = try HeadlessChromium.screenshot(file, to: png, width: 1200, height: 1600, profile: folder + "/profile-\(name)")
            #expect(shot.status == 0, "chromium \(shot.status == 124 ? "took over 150 s" : "failed"): \(shot.standardError.suffix(2000))")
            let data = try Data(contentsOf: URL(fileURLWithPath: png))
            #expect(PNGHeader(data) == PNGHeader(width: 1200, height: 1600), "\(name)")
            sizes.append(data.count)
        }
        // A blank window compresses to almost nothing; charts, text and tables do not.
        #expect(sizes[0] > 10 * sizes[1], "report \(sizes[0]) bytes, blank page \(sizes[1]) bytes")
    }
}

extension PNGHeader {
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
