/// "Did you mean …?" for a name that is not one of the names a field or flag takes: a
/// misspelt sweep-file key, task or language.
///
/// Closeness is the edit distance (insertions, deletions, substitutions and swaps of two
/// neighbouring characters, each costing 1), compared without case, so `medqa` and `MedQ`
/// both find `MedQA`. Only close names are offered: at most 1 edit for names of up to 7
/// characters, 2 up to 11, 3 beyond. A suggestion far off would send people the wrong way,
/// and the full list of names is in the message anyway.
///
/// ```swift
/// NameSuggestion.closest(to: "shard_sise", among: ["shard_size", "threads"])   // ["shard_size"]
/// NameSuggestion.didYouMean("fn", among: ["en", "fr", "de"])   // "; did you mean \"en\" or \"fr\"?"
/// ```
public enum NameSuggestion {
    /// The names of `candidates` closest to `text`, within the distance its length allows, in
    /// the order of `candidates` (at most 3, all at the same distance); empty when none is
    /// close or `text` is one of them.
    public static func closest(to text: String, among candidates: [String]) -> [String] {
        let typed = Array(text.lowercased())
        guard !typed.isEmpty, !candidates.contains(text) else { return [] }
        var best: [String] = []
        var bestDistance = Int.max
        for candidate in candidates {
            let name = Array(candidate.lowercased())
            let allowed = allowedEdits(forLength: max(typed.count, name.count))
            // Lengths further apart than the allowance cannot be within it.
            guard abs(name.count - typed.count) <= allowed else { continue }
            let distance = editDistance(typed, name)
            guard distance <= allowed else { continue }
            if distance < bestDistance {
                best = [candidate]
                bestDistance = distance
            } else if distance == bestDistance {
                best.append(candidate)
            }
        }
        return Array(best.prefix(3))
    }

    /// `; did you mean "X"?` (or `"X" or "Y"`) for an error message, or "" when no name is close.
    public static func didYouMean(_ text: String, among candidates: [String]) -> String {
        let names = closest(to: text, among: candidates).map { "\"\($0)\"" }
        guard let last = names.last else { return "" }
        let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
        return "; did you mean \(list)?"
    }

    static func allowedEdits(forLength length: Int) -> Int {
        length <= 7 ? 1 : length <= 11 ? 2 : 3
    }

    /// The optimal-string-alignment distance: Levenshtein's, plus a swap of two neighbouring
    /// characters as one edit ("modles" is one edit from "models", as people mistype).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // rows[i][j]: the distance between a's first i and b's first j characters; three rows
        // are enough, as a swap looks two back.
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0 ... b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            current[0] = i
            for j in 1 ... b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

extension BenchmarkTask {
    /// `; did you mean "MedQA"?` for a text that is not a corpus name but is close to one.
    public static func didYouMean(_ text: String) -> String {
        NameSuggestion.didYouMean(text, among: allCases.map(\.corpusName))
    }
}

extension BenchmarkLanguage {
    /// `; did you mean "fr"?` for a text that is not a language code but is close to one (a
    /// language's English name, "French", finds its code too).
    public static func didYouMean(_ text: String) -> String {
        if let named = allCases.first(where: { $0.englishName.lowercased() == text.lowercased() }) {
            return "; did you mean \"\(named.rawValue)\" (\(named.englishName))?"
        }
        return NameSuggestion.didYouMean(text, among: allCases.map(\.rawValue))
    }
}
