extension Array {
    /// Keeps the first element of each run of neighbours that `same` calls alike, in place: after a sort, one of
    /// each. Blocking drops repeated keys and pairs this way, in sorted arrays of up to millions of words.
    @inlinable public mutating func removeAdjacentRepeats(by same: (Element, Element) -> Bool) {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where !same(self[kept - 1], self[index]) {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}

extension Array where Element: Equatable {
    /// ``removeAdjacentRepeats(by:)`` with `==`.
    @inlinable public mutating func removeAdjacentRepeats() { removeAdjacentRepeats(by: ==) }
}
