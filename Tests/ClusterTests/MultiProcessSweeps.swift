import Testing

/// The suites that run whole sweeps as processes (a coordinator and workers scoring on the
/// CPU). They run one at a time: on a 2-core machine two such sweeps at once, beside the rest of
/// the suite, starve processes of CPU for seconds, and leases of 2 s and exchanges bounded at
/// 5 s then fail for want of time, not for a fault.
@Suite(.serialized) enum MultiProcessSweeps {}
