/// The last replies by request id, so a request nng re-sends (its reply was lost, or the
/// worker retried after a timeout) gets the same reply and is not handled twice.
struct ReplyCache {
    let capacity: Int
    private var replies: [String: [UInt8]] = [:]
    /// Insertion order; the oldest entries go first when full.
    private var order: [String] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(request: String) -> [UInt8]? { replies[request] }

    mutating func store(_ reply: [UInt8], for request: String) {
        if replies.updateValue(reply, forKey: request) != nil { return }
        order.append(request)
        if order.count - head > capacity {
            replies[order[head]] = nil
            head += 1
            // Compact now and then so the order list does not grow without bound.
            if head > capacity {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    var count: Int { replies.count }
}
