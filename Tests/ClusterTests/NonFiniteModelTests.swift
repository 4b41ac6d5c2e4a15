import Engine
import Foundation
import GGUF
import Sweep
import Testing

extension MultiProcessSweeps {
    /// Fault 2 of issue 18: a model whose weights give NaN fails its units with an error that
    /// names the model, the unit and the question, and the worker lives on.
    @Suite struct NonFiniteModelTests {
        /// Overwrites the final norm's weights of the model at `path` with NaN.
        static func poison(_ path: String) throws {
            let file = try GGUFFile(path: path)
            let norm = try file.tensor(named: "output_norm.weight")
            #expect(norm.type == .f32)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: UInt64(norm.offset))
            let nan = Float.nan.bitPattern
            try handle.write(contentsOf: Data((0 ..< norm.elementCount).flatMap { _ in withUnsafeBytes(of: nan.littleEndian, Array.init) }))
            try handle.close()
        }

        @Test(.timeLimit(.minutes(2))) func aNaNModelFailsItsUnitsByNameAndTheWorkerLivesOn() async throws {
            let fixture = try ClusterFixture(name: "nan", type: .f16, tasks: ["PubMedQA"], languages: ["en"], sets: [1], shardSize: 3, maxAttempts: 2)
            defer { fixture.remove() }
            let plan = try fixture.plan()
            try Self.poison(plan.models[0].path)
            let coordinator = try fixture.coordinator()
            let worker = try fixture.worker("w1")
            let statuses = await ClusterFixture.waitForAll([coordinator, worker], timeout: .seconds(60))
            #expect(statuses == [0, 0], "worker stderr:\n\(worker.standardError.suffix(3000))")
            let journal = try Journal.openForReading(path: fixture.journalPath)
            let unit = try #require(try journal.unitStates().first)
            #expect(unit.state == .failed)
            let error = unit.lastError ?? ""
            let questions = try plan.questions(for: plan.units[0]).map(\.id)
            #expect(error.contains("tiny-1"), "\(error)")
            #expect(error.contains(plan.units[0].label), "\(error)")
            #expect(questions.contains { error.contains("question \($0)") }, "\(error)")
            #expect(error.contains("non-finite"), "\(error)")
            #expect(worker.standardError.contains("tiny-1"))
            #expect(!worker.standardError.contains("Fatal error"))
        }
    }
}
