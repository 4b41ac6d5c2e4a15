/// Bounds on what a request may carry, checked after a body is decoded and before anything of
/// it reaches the scheduler, the journal, a log line or the status. A message may be 4 MiB; a
/// host of 3.5 MiB in it once made `/api/status` 80 MB, and worker ids holding newlines forged
/// log lines. Every string a worker sends is bounded; the names (worker id, host, engine
/// version, loaded model) must also be printable (`PrintableText`); free text (a failed unit's
/// error) is cut to its bound.
public enum WireLimits {
    public static let workerID = 128
    /// A DNS name is at most 253 bytes.
    public static let host = 255
    public static let engineVersion = 128
    /// A worker's backend and device, as said in hello.
    public static let backend = 256
    public static let modelName = 256
    /// Unit ids are 32 hex digits.
    public static let unitID = 64
    public static let requestID = 256
    public static let questionID = 512
    /// A token's piece and decoded text: a few bytes in practice.
    public static let tokenText = 1024
    /// A failed unit's error, kept in the journal.
    public static let errorText = 4096

    /// A field that breaks a bound: the `Coordinator` refuses the request as malformed, naming
    /// the field by its path in the envelope (`body.host`).
    struct Violation: Error {
        var field: String
        var problem: String
        var description: String { "field \(field) \(problem)" }
    }

    static func name(_ text: String, _ field: String, limit: Int, allowEmpty: Bool = false) throws(Violation) {
        if let problem = PrintableText.problem(in: text, limit: limit, allowEmpty: allowEmpty) {
            throw Violation(field: field, problem: problem)
        }
    }

    static func length(_ text: String, _ field: String, limit: Int) throws(Violation) {
        let bytes = text.utf8.count
        if bytes > limit { throw Violation(field: field, problem: "is \(bytes) bytes long (at most \(limit))") }
    }

    static func nonNegative(_ value: Int, _ field: String) throws(Violation) {
        if value < 0 { throw Violation(field: field, problem: "is \(value) (at least 0)") }
    }

    /// `text` cut to at most `limit` bytes, on a character boundary, marked with "…".
    static func cut(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var out = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            if bytes + size > limit - 3 { break }
            out.append(character)
            bytes += size
        }
        return out + "…"
    }
}

/// A request body the coordinator checks against `WireLimits` before acting on it.
protocol BoundedRequest {
    func checkBounds() throws(WireLimits.Violation)
}

extension HelloBody: BoundedRequest {
    func checkBounds() throws(WireLimits.Violation) {
        try WireLimits.name(worker, "body.worker", limit: WireLimits.workerID)
        try WireLimits.name(host, "body.host", limit: WireLimits.host, allowEmpty: true)
        try WireLimits.name(engineVersion, "body.engineVersion", limit: WireLimits.engineVersion, allowEmpty: true)
        if let loadedModel { try WireLimits.name(loadedModel, "body.loadedModel", limit: WireLimits.modelName) }
        if let backend { try WireLimits.name(backend, "body.backend", limit: WireLimits.backend, allowEmpty: true) }
        try WireLimits.nonNegative(pid, "body.pid")
        try WireLimits.nonNegative(cores, "body.cores")
    }
}

extension LeaseBody: BoundedRequest {
    func checkBounds() throws(WireLimits.Violation) {
        try WireLimits.name(worker, "body.worker", limit: WireLimits.workerID)
        if let loadedModel { try WireLimits.name(loadedModel, "body.loadedModel", limit: WireLimits.modelName) }
    }
}

extension HeartbeatBody: BoundedRequest {
    func checkBounds() throws(WireLimits.Violation) {
        try WireLimits.name(worker, "body.worker", limit: WireLimits.workerID)
        try WireLimits.name(unit, "body.unit", limit: WireLimits.unitID)
        try WireLimits.nonNegative(questionsDone, "body.questionsDone")
    }
}

extension ResultBody: BoundedRequest {
    func checkBounds() throws(WireLimits.Violation) {
        try WireLimits.name(worker, "body.worker", limit: WireLimits.workerID)
        try WireLimits.name(unit, "body.unit", limit: WireLimits.unitID)
        for (index, result) in (results ?? []).enumerated() {
            let field = "body.results.\(index)"
            try WireLimits.length(result.questionID, "\(field).questionID", limit: WireLimits.questionID)
            try WireLimits.length(result.topTokenPiece, "\(field).topTokenPiece", limit: WireLimits.tokenText)
            try WireLimits.length(result.topTokenText, "\(field).topTokenText", limit: WireLimits.tokenText)
            if let letter = result.topLetter { try WireLimits.length(letter, "\(field).topLetter", limit: WireLimits.tokenText) }
        }
    }
}
