/// A packed reference to one source record: which entity, which person of it, which copy.
///
/// The whole dataset is stored as one `UInt64` per record (8 MB per million records); everything else is
/// recomputed on access. The packed value also serves as the record's key for ids and random streams.
struct RecordSlot: Sendable, Hashable {
    let raw: UInt64

    private static let personFlag: UInt64 = 1 << 63

    static func organization(_ index: Int, copy: Int) -> RecordSlot {
        RecordSlot(raw: UInt64(index) << 2 | UInt64(copy))
    }

    static func person(_ index: Int, ordinal: Int, copy: Int) -> RecordSlot {
        RecordSlot(raw: personFlag | UInt64(index) << 6 | UInt64(ordinal) << 2 | UInt64(copy))
    }

    init(raw: UInt64) {
        self.raw = raw
    }

    var isPerson: Bool { raw & Self.personFlag != 0 }
    var entity: GeneratedEntityKind { isPerson ? .person : .organization }
    var copy: Int { Int(raw & 3) }
    var ordinal: Int { isPerson ? Int(raw >> 2 & 15) : 0 }
    var organizationIndex: Int { Int((raw & ~Self.personFlag) >> (isPerson ? 6 : 2)) }
    /// Unique within an entity kind; used in ids.
    var key: UInt64 { raw & ~Self.personFlag }
}
