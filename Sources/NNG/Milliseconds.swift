import CNNG

extension Duration {
    /// This duration as nng counts time (`nng_duration`, whole milliseconds in an Int32).
    /// Rounds up, so a short positive timeout never becomes 0 (which nng reads as "fail at
    /// once"); negative durations become 0; anything past Int32.max ms (about 24 days) is
    /// clamped to it.
    var nngMilliseconds: nng_duration {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let wholeMilliseconds = attoseconds / attosecondsPerMillisecond
        let roundUp: Int64 = attoseconds % attosecondsPerMillisecond > 0 ? 1 : 0
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return nng_duration.max }
        let total = scaled + wholeMilliseconds + roundUp
        return total > Int64(nng_duration.max) ? nng_duration.max : nng_duration(total)
    }
}

extension Optional where Wrapped == Duration {
    /// nil means "never time out" (NNG_DURATION_INFINITE).
    var nngMilliseconds: nng_duration {
        switch self {
        case .some(let duration): duration.nngMilliseconds
        case .none: nng_duration(NNG_DURATION_INFINITE)
        }
    }
}
