/// The token workers and monitoring clients present.
public enum SharedSecret {
    /// Compares a presented token with the expected one in time independent of where they
    /// differ, so response times leak nothing about the secret.
    public static func matches(_ given: String, _ expected: String) -> Bool {
        let given = Array(given.utf8)
        let expected = Array(expected.utf8)
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
