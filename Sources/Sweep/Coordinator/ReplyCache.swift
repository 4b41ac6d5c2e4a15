/// The last replies by request id, so a request nng re-sends (its reply was lost, or the
/// worker retried after a timeout) gets the same reply and is not handled twice.
///
/// Bounded by count and by bytes: a `unit` reply carries the unit's rendered prompts (hundreds
/// of kilobytes in a sweep of long prompts), and 4,096 of them once held gigabytes.
struct ReplyCache {
    let capacity: Int
    let maxBytes: Int
    private var replies: [String: [UInt8]] = [:]
    /// Insertion order; the oldest entries go first when full.
    private var order: [String] = []
    private var head = 0
    private(set) var bytes = 0

    init(capacity: Int, maxBytes: Int = 64 << 20) {
        self.capacity = capacity
        self.maxBytes = maxBytes
    }

    subscript(request: String) -> [UInt8]? { replies[request] }

    mutating func store(_ reply: [UInt8], for request: String) {
        guard capacity > 0, reply.count <= maxBytes else { return }
        if let old = replies.updateValue(reply, forKey: request) {
            bytes += reply.count - old.count
        } else {
            bytes += reply.count
            order.append(request)
        }
        while order.count - head > capacity || bytes > maxBytes {
            if let evicted = replies.removeValue(forKey: order[head]) { bytes -= evicted.count }
            head += 1
        }
        // Compact now and then so the order list does not grow without bound.
        if head > max(capacity, 64) {
            order.removeFirst(head)
            head = 0
        }
    }

    var count: Int { replies.count }
}
