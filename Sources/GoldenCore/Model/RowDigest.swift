/// The digest of one input row as a file held it, together with everything else that decides which record the row
/// becomes (its header, the reader's settings).
///
/// Two rows with one digest become one record with one payload, so a row whose digest is that of a live record's
/// current version would land nothing: a file exported again can leave such rows out before it builds, hashes and
/// looks them up (``LandedRowDigests``). 128 bits: the chance that two different rows of a source share one is far
/// below that of a disk error.
public struct RowDigest: Sendable, Hashable {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The digest of the first 16 bytes of `bytes` (big-endian halves); `nil` when there are fewer. Not generic:
    /// a generic initializer is not specialized across modules, and its byte loop then asked the runtime for
    /// tuple metadata on every byte (most of a 1%-changed file's pull).
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 16 else { return nil }
        self.init(
            high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// The 16 bytes as stored (`source_records.row_digest`).
    public var bytes: [UInt8] {
        (0..<16).map { index in
            UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (UInt64(7 - index % 8) * 8))
        }
    }
}

/// The row digests of a source's live records, read once at the start of a file's pull: what it may leave out.
///
/// Read before the pull lands anything, so it knows nothing of what the pull itself lands. A reader therefore
/// never leaves out a row whose key it has already sent in this pull (a key twice in one file lands in file
/// order, and a later row that returns to the stored bytes must still land after the earlier one).
public struct LandedRowDigests: Sendable {
    private let digests: Set<RowDigest>

    public init(_ digests: Set<RowDigest>) {
        self.digests = digests
    }

    public init(_ digests: some Sequence<RowDigest>) {
        self.digests = Set(digests)
    }

    public static let none = LandedRowDigests([])

    public var count: Int { digests.count }
    public var isEmpty: Bool { digests.isEmpty }

    public func contains(_ digest: RowDigest) -> Bool {
        digests.contains(digest)
    }
}
