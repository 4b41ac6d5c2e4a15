import Benchmark
import Sweep

/// `SweepStatus` as `/api/status` writes it: through medsweep's one JSON writer, whose rule
/// for numbers JSON cannot hold (null) means a status is always written; `StatusClient` reads
/// it back.
enum StatusJSON {
    static func bytes(_ status: SweepStatus) throws -> [UInt8] {
        JSONWriter.bytes(try JSONNodeEncoder().encode(status), layout: .compact)
    }
}
