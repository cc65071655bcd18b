import Foundation
import Testing

@testable import golden

/// The standardized output of a fixed generated set, pinned: a change to any standardizer, the mappings or the
/// generator that alters one byte of one standardized record (or its quarantine) fails here, in CI, instead of
/// waiting for someone to run `golden bench standardize --digest` by hand.
///
/// - Important: Update the pinned digest only on purpose, in a commit that says which output changed and why.
@Suite struct StandardizeDigestTests {
    /// 5,000 requested records from seed 1 (5,002 generated: whole organizations are added until the floor is
    /// reached). `golden bench standardize --records 5000 --seed 1 --digest` prints the same digest, through the
    /// same code.
    static let pinned = (records: 5_000, seed: UInt64(1), digest: "ce0fc9e50f0b588e")

    @Test func standardizedOutputOfTheFixedSetIsUnchanged() throws {
        let digest = try StandardizeBenchmark.outputDigest(
            records: Self.pinned.records, seed: Self.pinned.seed, mappingsDirectory: MatchBenchmarkTests.mappings)
        #expect(digest == Self.pinned.digest, "the standardized output changed; see StandardizeDigestTests")
    }
}
