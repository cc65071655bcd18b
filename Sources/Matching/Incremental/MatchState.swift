import GoldenCore

/// What a match run leaves for the next one to start from: per record, the digest of everything its pairs were
/// decided from (``RecordContext``: its base digest, its ambiguity and its neighborhood), its link component and its
/// cluster.
///
/// Records are keyed by a hash of their record id and kept in that order, so the next run finds a record's previous
/// state by a merge of two sorted lists. Component and cluster labels are positions in this order (the first
/// member's). A state is only valid for the model and configuration it was computed with: ``fingerprint`` names
/// them, and a run with another fingerprint starts from nothing.
public struct MatchState: Sendable, Equatable {
    /// Bumped whenever what the digest covers changes: an old state then starts a full run.
    public static let formatVersion: UInt32 = 2

    public private(set) var fingerprint: UInt64
    var idHashes: [UInt64]
    /// Base digests (``RecordContext/base``).
    var digests: [UInt64]
    /// Both empty when the run did not work out ambiguity (no distinctive-name typo rule).
    var neighborhoods: [UInt64]
    var ambiguous: [Bool]
    var components: [Int32]
    var clusters: [Int32]

    public var count: Int { idHashes.count }

    /// The state of a table's rows: their context, and a component and a cluster key per row, non-negative integers
    /// that are equal exactly for the rows of one component (one cluster). `nil` when two record ids hash alike (the next run
    /// then starts from nothing; at 64 bits that is about a one-in-ten-million chance at a million records).
    init?(fingerprint: UInt64, context: RecordContext, componentKeys: [Int], clusterKeys: [Int]) {
        let n = context.idHashes.count
        var order = (0..<n).map { (hash: context.idHashes[$0], row: Int32($0)) }
        RadixSort.sort(&order) { $0.hash }
        for index in order.indices.dropFirst() where order[index].hash == order[index - 1].hash { return nil }
        self.fingerprint = fingerprint
        idHashes = order.map(\.hash)
        digests = order.map { context.base[Int($0.row)] }
        neighborhoods = context.neighborhoods.isEmpty ? [] : order.map { context.neighborhoods[Int($0.row)] }
        ambiguous = context.ambiguous.isEmpty ? [] : order.map { context.ambiguous[Int($0.row)] }
        // Keys are small non-negative integers (row indices, or past them a previous label): an array, not a
        // dictionary of a million entries.
        func labels(_ keys: [Int]) -> [Int32] {
            var first = Array(repeating: Int32(-1), count: (keys.max() ?? 0) + 1)
            return order.enumerated().map { position, entry in
                let key = keys[Int(entry.row)]
                if first[key] < 0 { first[key] = Int32(position) }
                return first[key]
            }
        }
        components = labels(componentKeys)
        clusters = labels(clusterKeys)
    }

    init(
        fingerprint: UInt64, idHashes: [UInt64], digests: [UInt64], neighborhoods: [UInt64], ambiguous: [Bool],
        components: [Int32], clusters: [Int32]
    ) {
        self.fingerprint = fingerprint
        self.idHashes = idHashes
        self.digests = digests
        self.neighborhoods = neighborhoods
        self.ambiguous = ambiguous
        self.components = components
        self.clusters = clusters
    }

    /// The same state, valid for another fingerprint: a run that trained its model learns the model's name (its
    /// stored version) only once it is stored.
    public func stamped(_ fingerprint: UInt64) -> MatchState {
        var state = self
        state.fingerprint = fingerprint
        return state
    }

    private static let magic: [UInt8] = Array("GMS1".utf8)

    /// The digest of the record at `position`, ambiguity included (``RecordContext/digest(base:ambiguous:)``).
    func digest(at position: Int) -> UInt64 {
        RecordContext.digest(base: digests[position], ambiguous: !ambiguous.isEmpty && ambiguous[position])
    }

    /// Little-endian: magic, format version, fingerprint, count, whether ambiguity was worked out, then the columns.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25 + count * 33)
        bytes.append(contentsOf: Self.magic)
        func put<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        put(Self.formatVersion)
        put(fingerprint)
        put(UInt64(count))
        // Neighborhoods and ambiguity come together (``RecordContext``): one flag says whether both follow.
        put(UInt8(ambiguous.isEmpty ? 0 : 1))
        for value in idHashes { put(value) }
        for value in digests { put(value) }
        for value in neighborhoods { put(value) }
        for value in ambiguous { put(UInt8(value ? 1 : 0)) }
        for value in components { put(value) }
        for value in clusters { put(value) }
        return bytes
    }

    /// The state of ``encoded()``; `nil` for anything else (another format version, a truncated or damaged blob,
    /// labels out of range): a state is a cache, and without one the run matches everything.
    public static func decode(_ bytes: [UInt8]) -> MatchState? {
        guard bytes.count >= 25, Array(bytes[0..<4]) == magic else { return nil }
        var offset = 4
        func get<T: FixedWidthInteger>(_: T.Type) -> T {
            let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
            offset += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
        guard get(UInt32.self) == formatVersion else { return nil }
        let fingerprint = get(UInt64.self)
        let stored = get(UInt64.self)
        let withAmbiguity = get(UInt8.self)
        guard withAmbiguity <= 1, stored <= UInt64(bytes.count),
            bytes.count == 25 + Int(stored) * (24 + 9 * Int(withAmbiguity))
        else { return nil }
        let count = Int(stored)
        let idHashes = (0..<count).map { _ in get(UInt64.self) }
        let digests = (0..<count).map { _ in get(UInt64.self) }
        let withCount = withAmbiguity == 1 ? count : 0
        let neighborhoods = (0..<withCount).map { _ in get(UInt64.self) }
        let flags = (0..<withCount).map { _ in get(UInt8.self) }
        guard flags.allSatisfy({ $0 <= 1 }) else { return nil }
        let components = (0..<count).map { _ in get(Int32.self) }
        let clusters = (0..<count).map { _ in get(Int32.self) }
        guard zip(idHashes, idHashes.dropFirst()).allSatisfy({ $0 < $1 }),
            components.allSatisfy({ $0 >= 0 && Int($0) < count }), clusters.allSatisfy({ $0 >= 0 && Int($0) < count })
        else { return nil }
        return MatchState(
            fingerprint: fingerprint, idHashes: idHashes, digests: digests, neighborhoods: neighborhoods,
            ambiguous: flags.map { $0 == 1 }, components: components, clusters: clusters)
    }
}
