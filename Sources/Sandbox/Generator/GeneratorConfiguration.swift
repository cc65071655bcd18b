/// What to generate. Same configuration → byte-identical dataset and files, on any machine.
public struct GeneratorConfiguration: Sendable, Hashable, Codable {
    /// Target number of source records over all sources. The generator adds whole organizations (each with
    /// its records in every source and its contact persons' records) until the total reaches this number,
    /// so the actual count is at least `records` and exceeds it by less than one organization's cluster
    /// (a few dozen at most). `GeneratedDataset.recordCount` is exact.
    public var records: Int
    public var seed: UInt64
    public var noise: NoiseProfile
    /// Source names must be unique. Persons are only placed in CRM kinds (never in `.oneC`).
    public var sources: [GeneratedSource]

    public init(
        records: Int, seed: UInt64 = 1, noise: NoiseProfile = .standard,
        sources: [GeneratedSource] = GeneratedSource.defaults
    ) {
        self.records = records
        self.seed = seed
        self.noise = noise
        self.sources = sources
    }
}
