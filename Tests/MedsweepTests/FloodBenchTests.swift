import Foundation
import Testing
import TestSupport

/// `medsweep bench flood`, in a short version (the README's figures come from the full one):
/// a flood of new worker ids fails no unit and the sweep finishes. A few seconds alone; the
/// limit is for two cores the llama.cpp quantizer comparisons hold for three minutes.
@Suite(.offThePool) struct FloodBenchTests {
    @Test(.timeLimit(.minutes(6))) func aShortFloodFailsNoUnit() throws {
        let run = try CommandRun.medsweep(
            "bench", "flood", "--units", "48", "--rounds", "2", "--requests", "100", "--concurrency", "8", "--workers", "2",
            "--unit-ms", "20", "--lease-seconds", "2", "--json")
        #expect(run.status == 0, "\(run.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["units"] as? Int == 48)
        #expect(object["units_failed"] as? Int == 0, "\(run.standardOutput)")
        // Phantoms get leases only as fast as new ids are let in: 64 at once, then 8 a second.
        let floodSeconds = try #require(object["flood_seconds"] as? Double)
        #expect(Double(object["phantom_leases"] as? Int ?? .max) <= 64 + 8 * (floodSeconds + 1), "\(run.standardOutput)")
        #expect((object["latency_during_ms"] as? [String: Any])?["requests"] != nil)
    }
}
