import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Monitor
import Sweep
import Testing
import TestSupport

/// The HTTP face on a real socket: the four routes, the token, and the formats.
@Suite struct MonitorServerTests {
    static func get(_ url: String, bearer: String? = nil) async throws -> (status: Int, body: String, contentType: String) {
        var request = URLRequest(url: URL(string: url)!)
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type") ?? "")
    }

    static func serve(_ driver: JournalDriver, token: String? = nil) async throws -> MonitorServer.Running {
        let monitor = SweepMonitor(journal: driver.journal, coordinator: nil, maxAge: .zero)
        return try await MonitorServer(
            monitor: monitor, address: HTTPAddress(host: "127.0.0.1", port: 0), token: token, logger: Logger(label: "test")
        ).start()
    }

    @Test(.timeLimit(.minutes(1))) func routesServeTheSweep() async throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        try driver.hello("w1", at: 1)
        let lease = try driver.lease(0, to: "w1", at: 2)
        try driver.commit(0, lease: lease, correct: 2, at: 3)
        let server = try await Self.serve(driver)
        #expect(server.address.port > 0)

        let health = try await Self.get(server.url + "healthz")
        #expect(health.status == 200)
        #expect(health.body == "ok\n")

        let page = try await Self.get(server.url)
        #expect(page.status == 200)
        #expect(page.contentType.hasPrefix("text/html"))
        #expect(page.body.contains("id=\"workers\""))
        #expect(!page.body.contains("https://"))

        let api = try await Self.get(server.url + "api/status")
        #expect(api.status == 200)
        #expect(api.contentType == "application/json")
        let status = try JSONDecoder().decode(SweepStatus.self, from: Data(api.body.utf8))
        #expect(status.totals.unitsDone == 1)
        #expect(status.totals.correct == 2)
        #expect(status.workers.map(\.id) == ["w1"])

        let metrics = try await Self.get(server.url + "metrics")
        #expect(metrics.status == 200)
        #expect(metrics.contentType.hasPrefix("text/plain; version=0.0.4"))
        let samples = try PrometheusExposition.parse(metrics.body)
        #expect(samples["medsweep_units{state=\"done\"}"] == 1)
        #expect(samples["medsweep_units{state=\"queued\"}"] == 3)
        #expect(samples["medsweep_questions{state=\"planned\"}"] == 12)
        #expect(samples["medsweep_questions_scored_total"] == 3)
        #expect(samples["medsweep_workers{state=\"seen\"}"] == 1)

        let missing = try await Self.get(server.url + "nothing-here")
        #expect(missing.status == 404)
        await server.stop()
    }

    @Test(.timeLimit(.minutes(1))) func aTokenGuardsAllButTheHealthCheck() async throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        let server = try await Self.serve(driver, token: "s3cret")
        #expect(try await Self.get(server.url + "healthz").status == 200)
        for path in ["", "api/status", "metrics"] {
            #expect(try await Self.get(server.url + path).status == 401)
            #expect(try await Self.get(server.url + path, bearer: "wrong").status == 401)
            #expect(try await Self.get(server.url + path, bearer: "s3cret").status == 200)
        }
        // A browser opens the dashboard with the token in the query; the page passes it on.
        #expect(try await Self.get(server.url + "?token=s3cret").status == 200)
        #expect(try await Self.get(server.url + "api/status?token=s3cre").status == 401)
        await server.stop()
    }

    @Test(.timeLimit(.minutes(1))) func anAddressInUseIsAnErrorNamingIt() async throws {
        let driver = try JournalDriver()
        defer { driver.remove() }
        let first = try await Self.serve(driver)
        let monitor = SweepMonitor(journal: driver.journal, coordinator: nil)
        await #expect(throws: MonitorServer.StartError.self) {
            _ = try await MonitorServer(monitor: monitor, address: first.address, token: nil, logger: Logger(label: "test")).start()
        }
        do {
            _ = try await MonitorServer(monitor: monitor, address: first.address, token: nil, logger: Logger(label: "test")).start()
        } catch {
            #expect("\(error)".contains("127.0.0.1:\(first.address.port)"))
        }
        await first.stop()
    }

    @Test func theExpositionReaderRejectsBrokenText() {
        #expect(throws: PrometheusExposition.FormatError.self) { try PrometheusExposition.parse("medsweep_units 1\n") }
        #expect(throws: PrometheusExposition.FormatError.self) {
            try PrometheusExposition.parse("# TYPE a gauge\na{state=\"x} 1\n")
        }
        #expect(throws: PrometheusExposition.FormatError.self) { try PrometheusExposition.parse("# TYPE a gauge\na one\n") }
        #expect((try? PrometheusExposition.parse("# HELP a b\n# TYPE a gauge\na{s=\"x\"} 1.5\n"))?["a{s=\"x\"}"] == 1.5)
    }
}
