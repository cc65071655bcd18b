import Foundation

/// What one run changes in golden identity: the id of every cluster, the xref moves and the new versions.
public struct GoldenIdentityPlan: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// Matched into an existing golden record it was not part of.
        case match
        /// Its golden record was merged into this one.
        case merge
        /// Left with the part that split off under a new id.
        case split
        /// Seen for the first time.
        case new
        /// Left the store (deleted): the xref closes and no new one opens.
        case left
    }

    public enum Change: String, Sendable, Hashable {
        case create, membership, merge, split, retire
        /// The loser of a merge: its id now resolves to `related[0]`.
        case mergedInto = "merged_into"
    }

    public struct Move: Sendable, Hashable {
        public let record: UUID
        public let from: UUID?
        public let to: UUID?
        public let reason: Reason

        public init(record: UUID, from: UUID?, to: UUID?, reason: Reason) {
            self.record = record
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    public struct Version: Sendable, Hashable {
        public let golden: UUID
        public let change: Change
        /// Members after the change (empty for a merged or retired record).
        public let members: [UUID]
        /// Absorbed ids for a merge, the source ids for a split-off, the survivor for `mergedInto`.
        public let related: [UUID]
        /// The id was minted by this plan (a created record or a split-off part).
        public let isNew: Bool

        public init(golden: UUID, change: Change, members: [UUID], related: [UUID], isNew: Bool = false) {
            self.golden = golden
            self.change = change
            self.members = members
            self.related = related
            self.isNew = isNew
        }
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var created = 0
        public var updated = 0
        public var merged = 0
        public var split = 0
        public var retired = 0

        public init() {}
    }

    /// The golden id of each cluster, in the order the clusters were given.
    public let clusterIDs: [UUID]

    public init(clusterIDs: [UUID]) { self.clusterIDs = clusterIDs }
    public var moves: [Move] = []
    public var versions: [Version] = []
    public var counts = Counts()

    public var isEmpty: Bool { moves.isEmpty && versions.isEmpty }
}

extension UUID {
    /// Byte order, which for UUIDv7 is creation order: the tie-break "the older id wins".
    public func isOlder(than other: UUID) -> Bool {
        let a = orderKey
        let b = other.orderKey
        return a.high != b.high ? a.high < b.high : a.low < b.low
    }

    /// The 16 bytes as two big-endian integers: comparing them is byte order, without a loop.
    public var orderKey: (high: UInt64, low: UInt64) {
        withUnsafeBytes(of: uuid) { bytes in
            (UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}
