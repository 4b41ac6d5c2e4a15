@testable import NNG
import Testing

/// Durations become nng's whole milliseconds without turning a short wait into "fail at once".
@Suite struct MillisecondsTests {
    @Test func roundsUpAndClamps() {
        #expect(Duration.milliseconds(250).nngMilliseconds == 250)
        #expect(Duration.microseconds(1).nngMilliseconds == 1)
        #expect(Duration.microseconds(1500).nngMilliseconds == 2)
        #expect(Duration.seconds(2).nngMilliseconds == 2000)
        #expect(Duration.zero.nngMilliseconds == 0)
        #expect(Duration.milliseconds(-5).nngMilliseconds == 0)
        #expect(Duration.seconds(Int64.max / 2).nngMilliseconds == Int32.max)
        #expect(Duration.seconds(3_000_000).nngMilliseconds == Int32.max)
    }

    @Test func noDurationMeansForever() {
        let forever: Duration? = nil
        #expect(forever.nngMilliseconds == -1)
        #expect(Duration?.some(.milliseconds(7)).nngMilliseconds == 7)
    }
}
