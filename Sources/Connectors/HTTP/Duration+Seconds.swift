extension Duration {
    /// The duration as seconds, for `Date` arithmetic.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
