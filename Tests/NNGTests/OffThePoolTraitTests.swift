import Testing
import TestSupport

/// `.offThePool` really moves a test's body off the cooperative pool, which is what keeps the
/// NNG tests here from stalling behind long synchronous tests on a 2-core machine.
@Suite struct OffThePoolTraitTests {
    @Test(.offThePool) func aSynchronousTestWithTheTraitRunsOnTheLongTestThreads() {
        #expect(LongTestThreads.isCurrent)
    }

    @Test(.offThePool) func anAsynchronousTestWithTheTraitResumesThereAfterASuspension() async throws {
        try await Task.sleep(for: .milliseconds(1))
        #expect(LongTestThreads.isCurrent)
    }

    @Test func aTestWithoutTheTraitRunsOnThePool() {
        #expect(!LongTestThreads.isCurrent)
    }

    @Suite(.offThePool) struct GivenToASuite {
        @Test func itReachesEveryTestInside() {
            #expect(LongTestThreads.isCurrent)
        }
    }
}
