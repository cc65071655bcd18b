extension Duration {
    /// The duration in seconds, for phase figures, summaries and status lines: the one conversion every module uses.
    public var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
