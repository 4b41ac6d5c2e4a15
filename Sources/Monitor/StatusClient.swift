import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Sweep

/// Reads `/api/status` from a coordinator: what `medsweep status --url` shows.
public struct StatusClient: Sendable {
    public let endpoint: URL
    public let token: String?

    /// `base` may be the dashboard's address as a browser shows it: a `?token=` there is used
    /// when no other token is given, and dropped from the address.
    public init(base: String, token: String?) {
        var components = URLComponents(string: base) ?? URLComponents()
        let pageToken = components.queryItems?.first { $0.name == "token" }?.value
        components.query = nil
        components.fragment = nil
        var path = components.path
        if path.hasSuffix("/api/status") { path.removeLast("/api/status".count) }
        while path.hasSuffix("/") { path.removeLast() }
        components.path = path + "/api/status"
        endpoint = components.url ?? URL(string: base)!
        self.token = token ?? pageToken
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func fetch() async throws -> SweepStatus {
        var request = URLRequest(url: endpoint, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 10)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(description: "\(endpoint): \((error as NSError).localizedDescription)")
        }
        let code = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard code == 200 else {
            let hint = code == 401 ? " (a token is needed: --http-token-file or MEDSWEEP_HTTP_TOKEN)" : ""
            throw Failure(description: "\(endpoint): HTTP \(code)\(hint)")
        }
        do {
            return try JSONDecoder().decode(SweepStatus.self, from: data)
        } catch {
            throw Failure(description: "\(endpoint): not a medsweep status (\(error))")
        }
    }
}
