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
    /// An open-addressing table (linear probing) keyed by the digest's first half. A digest is SHA-256 output, so
    /// its bits are already uniform: a `Set` ran SipHash on every one of a million digests and again on every row of
    /// the file, a fifth of the CPU of a pull after 1% changed (decisions.md). The slot is a multiply-shift of the
    /// first half by a random odd number drawn per table: rows made to share a slot (a few million SHA-256 trials
    /// each, were the slot the digest's own low bits) cannot be made without knowing it. The all-zero digest marks an
    /// empty slot; whether it is itself among the digests is kept beside.
    private let slots: [RowDigest]
    private let multiplier: UInt64
    private let shift: UInt64
    private let holdsZero: Bool
    public let count: Int

    private static let empty = RowDigest(high: 0, low: 0)

    /// Not generic, so the table is built by specialized code from whichever module calls it.
    public init(_ digests: [RowDigest]) {
        // At most half full: a miss, the common case for a changed row, ends within a slot or two.
        var bits: UInt64 = 4
        while 1 << bits < 2 * digests.count { bits += 1 }
        let capacity = 1 << bits
        var slots = [RowDigest](repeating: Self.empty, count: capacity)
        let mask = capacity - 1
        let multiplier = UInt64.random(in: 0...UInt64.max) | 1
        let shift = 64 - bits
        var count = 0
        var holdsZero = false
        for digest in digests {
            guard digest != Self.empty else {
                if !holdsZero { count += 1 }
                holdsZero = true
                continue
            }
            var slot = Int(truncatingIfNeeded: (digest.high &* multiplier) >> shift)
            while slots[slot] != Self.empty && slots[slot] != digest { slot = (slot + 1) & mask }
            if slots[slot] == Self.empty {
                slots[slot] = digest
                count += 1
            }
        }
        self.slots = slots
        self.multiplier = multiplier
        self.shift = shift
        self.holdsZero = holdsZero
        self.count = count
    }

    public static let none = LandedRowDigests([])

    public var isEmpty: Bool { count == 0 }

    public func contains(_ digest: RowDigest) -> Bool {
        guard digest != Self.empty else { return holdsZero }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (digest.high &* multiplier) >> shift)
        while true {
            let held = slots[slot]
            if held == digest { return true }
            if held == Self.empty { return false }
            slot = (slot + 1) & mask
        }
    }
}
