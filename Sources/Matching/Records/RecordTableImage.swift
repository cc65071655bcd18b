import Foundation
import GoldenCore

/// The input of a ``RecordTable`` before anything that depends on other records is decided: every record's values
/// interned per attribute, in the order the record gave them, with the store's id and version of the record.
///
/// A match run keeps the image of its last read in the store, so the next run reads the image and only the records
/// whose version changed since (see `MatchTableImageRepository`), instead of decoding and interning every stored
/// record again. Two things a person's row depends on are left unbound here and applied by
/// ``RecordTable/init(image:fuzzyAttributes:dateAttributes:numericAttributes:binding:)``: the employer's cluster
/// (the row keeps the employer's `source/key`) and which numbers are company switchboards (``MatchAttribute/
/// personalPhone`` keeps every personal number).
///
/// Value ids are first-seen in row order and entries keep each record's own order, duplicates included, exactly as
/// ``RecordTable`` interns: an image patched with changed rows (``RecordTableImageBuilder/append(baseRows:)``) is
/// the image a fresh read of the same records gives, id for id, so the table and every match result are too.
public struct RecordTableImage: Sendable {
    public let entity: MatchEntity
    /// Attributes in slot order (the table's).
    public let attributes: [MatchAttribute]
    /// Record ids (`source/key`) in row order.
    public internal(set) var ids: [String] = []
    /// The store's id of each row's source record, ascending (the store reads in this order).
    public internal(set) var recordIDs: [UUID] = []
    /// The source record version each row was read at.
    public internal(set) var versions: [Int] = []
    var sourceIndex: [Int32] = []
    var sourceNames: [String] = []
    /// Per slot: distinct values in first-seen order.
    var strings: [[String]]
    /// Per slot: each row's value ids in the order the record gave them (CSR with `offsets`).
    var offsets: [[Int32]]
    var entries: [[Int32]]
    /// Each row's employer reference (`source/key`) as an index into `employerRefs`, or -1.
    var employerRefOf: [Int32] = []
    public internal(set) var employerRefs: [String] = []
    /// How far into the store's log of landed changes the rows were read (per source, the number of its landing
    /// batches that had changed this entity), set by the reader; `nil` when not known, and then the image cannot be
    /// brought up to date from the log. Opaque here: matching only keeps it with the rows it describes.
    public var landingMarks: [String: Int64]?
    /// Records that were live when the image was read but could not be read (left out of its rows): the next read
    /// tries them again, as it does the records changed since.
    public var unreadableRecordIDs: [UUID] = []

    init(entity: MatchEntity, attributes: [MatchAttribute]) {
        self.entity = entity
        var unique: [MatchAttribute] = []
        for attribute in attributes where !unique.contains(attribute) { unique.append(attribute) }
        self.attributes = unique
        strings = Array(repeating: [], count: unique.count)
        offsets = Array(repeating: [0], count: unique.count)
        entries = Array(repeating: [], count: unique.count)
    }

    public var count: Int { ids.count }

    /// The slots an image of `configuration`'s table holds: its attributes, each once, in order.
    public static func attributes(of configuration: EntityConfiguration) -> [MatchAttribute] {
        var unique: [MatchAttribute] = []
        for attribute in configuration.attributes where !unique.contains(attribute) { unique.append(attribute) }
        return unique
    }

    /// The employer reference of a row (`source/key`), if it has one.
    public func employerRef(row: Int) -> String? {
        let index = employerRefOf[row]
        return index < 0 ? nil : employerRefs[Int(index)]
    }

    /// Each row's employer cluster under `cluster`, asked once per distinct employer rather than once per row.
    public func employerClusters(_ cluster: (String) -> String?) -> [String?] {
        employerClusters(ofRefs: employerRefs.map(cluster))
    }

    /// Each row's employer cluster, from the cluster of each employer reference (``employerRefs``, by index).
    public func employerClusters(ofRefs clusters: [String?]) -> [String?] {
        precondition(clusters.count == employerRefs.count, "one cluster (or nil) per employer reference")
        return employerRefOf.map { $0 < 0 ? nil : clusters[Int($0)] }
    }
}

/// What a person's row needs from other records: the clusters of employers, and the organizations' numbers.
public struct RecordBinding: Sendable {
    /// Numbers that belong to organizations: kept in ``MatchAttribute/phone``, left out of
    /// ``MatchAttribute/personalPhone``.
    public var companyPhones: Set<String>
    /// The cluster (golden id) of an employer reference; `nil` when unknown.
    public var employerCluster: @Sendable (String) -> String?
    /// The cluster of each of the bound image's employer references (``RecordTableImage/employerRefs``, by index),
    /// when the caller has worked them out already for rows of its own: the table then looks none up again. Each
    /// lookup hashes a `source/key` string into a dictionary of every organization record.
    public var employerRefClusters: [String?]?

    public init(companyPhones: Set<String> = [], employerCluster: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.companyPhones = companyPhones
        self.employerCluster = employerCluster
    }
}

/// Builds a ``RecordTableImage`` row by row, from records read from the store or from the rows of an earlier image.
///
/// Interning is most of a read's work and each attribute's dictionary depends only on that attribute's values in row
/// order, so rows are kept a chunk at a time and each chunk is interned one attribute per core
/// (``pendingLimit``). Ids stay first-seen in row order: the image is the one row-by-row interning gives.
public struct RecordTableImageBuilder: Sendable {
    /// Rows waiting to be interned: an earlier image's row, or a record as read.
    enum PendingRow: Sendable {
        /// Consecutive rows of the base image, kept as they are.
        case base(Range<Int>)
        case record(MatchRecord)
    }

    /// One attribute's part of the image under construction. Each chunk gives every column to one worker, and a
    /// column is touched by no other, which is what makes the unchecked sendability sound; the builder is not
    /// copied while a chunk is interned.
    final class Column: @unchecked Sendable {
        let attribute: MatchAttribute
        /// What the column has interned so far. A value: ``add(_:slot:base:)`` works on a local copy, because each
        /// access to a class's stored property pays a dynamic exclusivity check, and with a few per value that was
        /// a third of a patched build.
        var state: State

        struct State {
            var lookup: [String: Int32] = [:]
            var strings: [String] = []
            var offsets: [Int32] = [0]
            var entries: [Int32] = []
            /// The base image's value id → this image's, or -1 before first seen.
            var remap: [Int32]
            /// Once the builder knows every record it will append (``RecordTableImageBuilder/expect(_:)``): each of
            /// their values that the base image has too, by its base id. Base values then take their ids through
            /// `remap` alone and only values no base row has go through `lookup`; hashing every distinct base value
            /// into `lookup` was most of a patched build.
            var baseIDOf: [String: Int32]?

            mutating func intern(_ value: String) -> Int32 {
                if let id = lookup[value] { return id }
                let id = Int32(strings.count)
                lookup[value] = id
                strings.append(value)
                return id
            }

            /// The id of base value `old` (of the base's distinct `values` of this slot), first seen now or before
            /// (by a base row, or by a record carrying it).
            mutating func intern(baseValue old: Int, _ values: [String]) -> Int32 {
                let id = remap[old]
                if id >= 0 { return id }
                let value = values[old]
                let new: Int32
                if baseIDOf != nil {
                    new = Int32(strings.count)
                    strings.append(value)
                } else {
                    new = intern(value)
                }
                remap[old] = new
                return new
            }

            /// The id of a value of an appended record.
            mutating func intern(recordValue value: String, _ baseValues: [String]) -> Int32 {
                if let old = baseIDOf?[value] { return intern(baseValue: Int(old), baseValues) }
                return intern(value)
            }
        }

        init(attribute: MatchAttribute, baseValues: Int) {
            self.attribute = attribute
            state = State(remap: Array(repeating: -1, count: baseValues))
        }

        /// Finds which of `values` the base image holds (``baseIDOf``). A base value is first screened against the
        /// few values looked for by a cheap hash of its length and end bytes (``screenHash(_:)``) in a bit set about
        /// sixteen times their number, so only about one base value in sixteen is hashed for the set.
        ///
        /// The bit set was 65,536 bits of length, first and last byte: with the 50k values a sync after 1% changed
        /// looks for among the persons', half its bits were set, and half the base values were hashed.
        func expect(_ values: Set<String>, base: RecordTableImage, slot: Int) {
            state.baseIDOf = Self.positions(of: values, in: base.strings[slot])
        }

        /// The position in `strings` (distinct) of each of `values` found there. Each string is first screened
        /// against the few values looked for by a cheap hash (``screenHash(_:)``) in a bit set about sixteen times
        /// their number, so only about one in sixteen is hashed for the set.
        static func positions(of values: Set<String>, in strings: [String]) -> [String: Int32] {
            var found: [String: Int32] = [:]
            guard !values.isEmpty else { return found }
            let bits = min(1 << 24, max(1 << 10, 1 << (Int.bitWidth - (values.count * 16 - 1).leadingZeroBitCount)))
            let mask = UInt64(bits - 1)
            var screen = [UInt64](repeating: 0, count: bits >> 6)
            for value in values {
                let b = Int(Self.screenHash(value) & mask)
                screen[b >> 6] |= 1 << UInt64(b & 63)
            }
            for (id, value) in strings.enumerated() {
                let b = Int(Self.screenHash(value) & mask)
                guard screen[b >> 6] & (1 << UInt64(b & 63)) != 0, values.contains(value) else { continue }
                found[value] = Int32(id)
            }
            return found
        }

        /// A hash of a value's UTF-8 length and its first and last eight bytes: a few loads and a multiply, where
        /// hashing every byte would cost what the screen saves.
        @inline(__always)
        static func screenHash(_ value: String) -> UInt64 {
            let hash = value.utf8.withContiguousStorageIfAvailable { bytes -> UInt64 in
                let count = bytes.count
                var head: UInt64 = 0
                var tail: UInt64 = 0
                if count >= 8, let start = bytes.baseAddress {
                    head = UnsafeRawPointer(start).loadUnaligned(as: UInt64.self)
                    tail = UnsafeRawPointer(start + (count - 8)).loadUnaligned(as: UInt64.self)
                } else {
                    for byte in bytes { head = head << 8 | UInt64(byte) }
                }
                return StableHash.mix(head ^ (tail &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(count) << 56)
            }
            return hash ?? StableHash.of(value)
        }

        /// Interns this attribute's values of `rows`, in order.
        func add(_ rows: [PendingRow], slot: Int, base: RecordTableImage?) {
            // The base's arrays of this slot, taken once: reached through the image per row, each access copied
            // the image or retained the slot's array.
            let (baseValues, baseOffsets, baseEntries) =
                base.map { ($0.strings[slot], $0.offsets[slot], $0.entries[slot]) } ?? ([], [], [])
            // Moved out, so the local copy is the only reference and grows in place.
            var state = self.state
            self.state = State(remap: [])
            defer { self.state = state }
            for row in rows {
                switch row {
                case .base(let rows):
                    precondition(base != nil, "no base image")
                    // The rows' offsets are the base's, shifted to where their entries start here.
                    let shift = Int32(state.entries.count) - baseOffsets[rows.lowerBound]
                    for index in Int(baseOffsets[rows.lowerBound])..<Int(baseOffsets[rows.upperBound]) {
                        let id = state.intern(baseValue: Int(baseEntries[index]), baseValues)
                        state.entries.append(id)
                    }
                    for row in rows { state.offsets.append(baseOffsets[row + 1] + shift) }
                case .record(let record):
                    forEachValue(of: record) { value in
                        let id = state.intern(recordValue: value, baseValues)
                        state.entries.append(id)
                    }
                    state.offsets.append(Int32(state.entries.count))
                }
            }
        }

        /// Calls `body` with this attribute's values of a record as read, in its order (an employer is bound from
        /// the row's reference instead). A closure, not an array: a first read passes every record through here.
        func forEachValue(of record: MatchRecord, _ body: (String) -> Void) {
            if attribute == .employerCluster { return }
            if let tokenBase = attribute.tokenBase {
                for value in record.values[tokenBase] ?? [] {
                    for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) { body(String(token)) }
                }
                return
            }
            for value in record.values[attribute] ?? [] where !value.isEmpty { body(value) }
        }
    }

    private var image: RecordTableImage
    private var columns: [Column]
    private var pending: [PendingRow] = []
    /// The rows `pending` holds (a run of base rows is one entry).
    private var pendingRows = 0
    private var sourceLookup: [String: Int32] = [:]
    private var refLookup: [String: Int32] = [:]
    private let base: RecordTableImage?
    private var refRemap: [Int32]
    private var sourceRemap: [Int32]
    /// The ids of the records named to ``expect(_:employerRefs:)``.
    private var expected: Set<String>?
    /// The employer references named to ``expect(_:employerRefs:)``.
    private var expectedRefs: Set<String>?
    /// Once the appended records are known: which of their employer references the base holds, by base index. Base
    /// references then take their index through `refRemap` alone, and only references no base row has go through
    /// `refLookup`; hashing each of the persons' few hundred thousand base references was a tenth of a patched
    /// build.
    private var refBaseIndex: [String: Int32]?

    /// Rows interned per chunk: enough that a chunk's work dwarfs handing the columns out, few enough that the
    /// records waiting in it stay small beside the image.
    static let pendingLimit = 32_768

    /// Rows interned per chunk here (``pendingLimit`` unless a test asks for small chunks).
    let chunkRows: Int

    /// - Parameter base: an earlier image of the same entity and attributes whose rows ``append(baseRows:)`` copies.
    public init(entity: MatchEntity, attributes: [MatchAttribute], base: RecordTableImage? = nil) {
        self.init(entity: entity, attributes: attributes, base: base, chunkRows: Self.pendingLimit)
    }

    init(entity: MatchEntity, attributes: [MatchAttribute], base: RecordTableImage?, chunkRows: Int) {
        self.chunkRows = max(1, chunkRows)
        image = RecordTableImage(entity: entity, attributes: attributes)
        if let base {
            precondition(base.entity == entity && base.attributes == image.attributes, "image of other attributes")
        }
        self.base = base
        columns = image.attributes.enumerated().map { slot, attribute in
            Column(attribute: attribute, baseValues: base?.strings[slot].count ?? 0)
        }
        refRemap = Array(repeating: -1, count: base?.employerRefs.count ?? 0)
        sourceRemap = Array(repeating: -1, count: base?.sourceNames.count ?? 0)
    }

    public var count: Int { image.count }

    /// Names, before any row is appended, every record ``append(_:recordID:version:employerRef:)`` will append
    /// (the rest being base rows) and every employer reference they carry, so that base values and references need
    /// no hashing (``Column/baseIDOf``, ``refBaseIndex``). Optional: without it every value is hashed, as on a first
    /// read.
    public mutating func expect(_ records: [MatchRecord], employerRefs: [String]) {
        precondition(image.count == 0 && expected == nil, "expect before any row is appended, once")
        expected = Set(records.map(\.id))
        let refs = Set(employerRefs)
        expectedRefs = refs
        guard let base else { return }
        refBaseIndex = Column.positions(of: refs, in: base.employerRefs)
        let columns = columns
        _ = OrderedParallelMap.map(indices: columns.count) { slot in
            let column = columns[slot]
            var values = Set<String>()
            for record in records { column.forEachValue(of: record) { values.insert($0) } }
            column.expect(values, base: base, slot: slot)
        }
    }

    /// Appends a record as read from the store: `values` unbound (every personal number, no employer cluster).
    public mutating func append(
        _ record: MatchRecord, recordID: UUID, version: Int, employerRef: String?
    ) {
        precondition(record.entity == image.entity, "record of another entity")
        if let expected {
            // A record not named to `expect` could carry a base value the columns did not look for.
            precondition(expected.contains(record.id), "a record appended that was not expected")
        }
        if let expectedRefs, let employerRef {
            precondition(expectedRefs.contains(employerRef), "an employer reference appended that was not expected")
        }
        image.ids.append(record.id)
        image.recordIDs.append(recordID)
        image.versions.append(version)
        image.sourceIndex.append(source(record.source))
        image.employerRefOf.append(employerRef.map { recordRef($0) } ?? -1)
        enqueue(.record(record))
    }

    /// Appends consecutive rows of the base image as they are (their records' versions did not change): a patched
    /// image is mostly long runs of them, and a run is copied as one, not row by row.
    public mutating func append(baseRows rows: Range<Int>) {
        // Read through `base!` rather than bound with `guard let`: a million rows each copied the whole image.
        precondition(base != nil, "no base image")
        guard !rows.isEmpty else { return }
        image.ids.append(contentsOf: base!.ids[rows])
        image.recordIDs.append(contentsOf: base!.recordIDs[rows])
        image.versions.append(contentsOf: base!.versions[rows])
        for row in rows {
            let sourceIndex = Int(base!.sourceIndex[row])
            if sourceRemap[sourceIndex] < 0 { sourceRemap[sourceIndex] = source(base!.sourceNames[sourceIndex]) }
            image.sourceIndex.append(sourceRemap[sourceIndex])
            let refIndex = Int(base!.employerRefOf[row])
            image.employerRefOf.append(refIndex < 0 ? -1 : baseRef(refIndex))
        }
        // In chunks, so a chunk's interning stays the size it is for records.
        var start = rows.lowerBound
        while start < rows.upperBound {
            let end = min(rows.upperBound, start + max(1, chunkRows - pendingRows))
            enqueue(.base(start..<end), rows: end - start)
            start = end
        }
    }

    private mutating func enqueue(_ row: PendingRow, rows: Int = 1) {
        pending.append(row)
        pendingRows += rows
        if pendingRows >= chunkRows { internPending() }
    }

    /// Interns the waiting rows, one column per core.
    private mutating func internPending() {
        guard !pending.isEmpty else { return }
        let (rows, columns, base) = (pending, columns, base)
        _ = OrderedParallelMap.map(indices: columns.count) { slot in columns[slot].add(rows, slot: slot, base: base) }
        pending.removeAll(keepingCapacity: true)
        pendingRows = 0
    }

    /// The finished image. The builder lets go of its lookups (as large as the image's dictionaries): the caller
    /// builds a table from the image next, and both live at once.
    public mutating func build() -> RecordTableImage {
        internPending()
        pending = []
        for (slot, column) in columns.enumerated() {
            image.strings[slot] = column.state.strings
            image.offsets[slot] = column.state.offsets
            image.entries[slot] = column.state.entries
        }
        columns = []
        refLookup = [:]
        sourceLookup = [:]
        return image
    }

    private mutating func source(_ name: String) -> Int32 {
        if let index = sourceLookup[name] { return index }
        let index = Int32(image.sourceNames.count)
        sourceLookup[name] = index
        image.sourceNames.append(name)
        return index
    }

    private mutating func ref(ref: String) -> Int32 {
        if let index = refLookup[ref] { return index }
        let index = Int32(image.employerRefs.count)
        refLookup[ref] = index
        image.employerRefs.append(ref)
        return index
    }

    /// This image's index of base reference `old`, first seen now or before (by a base row, or by a record carrying
    /// it).
    private mutating func baseRef(_ old: Int) -> Int32 {
        if refRemap[old] >= 0 { return refRemap[old] }
        let reference = base!.employerRefs[old]
        let index: Int32
        if refBaseIndex != nil {
            // Distinct among the base's, and no record's reference that the base lacks equals it.
            index = Int32(image.employerRefs.count)
            image.employerRefs.append(reference)
        } else {
            index = ref(ref: reference)
        }
        refRemap[old] = index
        return index
    }

    /// This image's index of the employer reference of an appended record.
    private mutating func recordRef(_ reference: String) -> Int32 {
        if let old = refBaseIndex?[reference] { return baseRef(Int(old)) }
        return ref(ref: reference)
    }
}

extension RecordTable {
    /// The table of an image, with what other records decide bound: a person's employer cluster and which of its
    /// numbers are personal. Interns exactly as ``RecordTable/init(entity:attributes:fuzzyAttributes:dateAttributes:
    /// numericAttributes:records:)`` does on the bound records, so both give the same ids.
    public init(
        image: RecordTableImage, fuzzyAttributes: Set<MatchAttribute> = [], dateAttributes: Set<MatchAttribute> = [],
        numericAttributes: Set<MatchAttribute> = [], binding: RecordBinding = RecordBinding()
    ) {
        self.init(
            empty: image.entity, attributes: image.attributes, fuzzyAttributes: fuzzyAttributes,
            dateAttributes: dateAttributes, numericAttributes: numericAttributes)
        ids = image.ids
        sourceNames = image.sourceNames
        sourceIndex = image.sourceIndex
        // Each column depends on its own attribute's values only: one per core.
        let (attributes, empty) = (attributes, dictionaries)
        let columns = OrderedParallelMap.map(indices: attributes.count) { slot in
            Self.column(slot: slot, attribute: attributes[slot], image: image, dictionary: empty[slot], binding: binding)
        }
        for (slot, column) in columns.enumerated() { (dictionaries[slot], valueIDs[slot], offsets[slot]) = column }
        freeze()
    }

    /// One column of the table of `image`: its values interned first-seen in row order, with what `binding`
    /// decides applied (switchboard numbers dropped from persons' own lines, employers bound to their cluster).
    private static func column(
        slot: Int, attribute: MatchAttribute, image: RecordTableImage, dictionary: ValueDictionary,
        binding: RecordBinding
    ) -> (dictionary: ValueDictionary, valueIDs: [Int32], offsets: [Int32]) {
        var dictionary = dictionary
        let rows = image.count
        var valueIDs: [Int32] = []
        var offsets: [Int32] = [0]
        valueIDs.reserveCapacity(image.entries[slot].count)
        offsets.reserveCapacity(rows + 1)
        var scratch: [Int32] = []
        if attribute == .employerCluster, image.entity == .person {
            // One value per row: the employer's cluster, interned as first seen.
            var clusterOf = Array(repeating: Int32(-1), count: image.employerRefs.count)
            for row in 0..<rows {
                scratch.removeAll(keepingCapacity: true)
                let ref = Int(image.employerRefOf[row])
                if ref >= 0 {
                    if clusterOf[ref] == -1 {
                        let known = binding.employerRefClusters.map { $0[ref] }
                        let cluster = (known ?? binding.employerCluster(image.employerRefs[ref])) ?? ""
                        clusterOf[ref] = cluster.isEmpty ? -2 : dictionary.intern(cluster)
                    }
                    if clusterOf[ref] >= 0 { scratch.append(clusterOf[ref]) }
                }
                commit(&scratch, dictionary: &dictionary, valueIDs: &valueIDs, offsets: &offsets)
            }
            return (dictionary, valueIDs, offsets)
        }
        // A company's number is not a person's own line.
        let drops = attribute == .personalPhone && image.entity == .person && !binding.companyPhones.isEmpty
        var remap = Array(repeating: Int32(-1), count: image.strings[slot].count)
        if drops {
            for (id, value) in image.strings[slot].enumerated() where binding.companyPhones.contains(value) {
                remap[id] = -2
            }
        }
        // The slot's arrays, taken once: reached through the image per value, each access retained them.
        let (entries, slotOffsets, strings) = (image.entries[slot], image.offsets[slot], image.strings[slot])
        if !drops, let shared = Self.sharedColumn(entries, offsets: slotOffsets, strings: strings, rows: rows, into: dictionary) {
            return shared
        }
        for row in 0..<rows {
            scratch.removeAll(keepingCapacity: true)
            for index in Int(slotOffsets[row])..<Int(slotOffsets[row + 1]) {
                let old = Int(entries[index])
                var id = remap[old]
                if id == -2 { continue }
                if id < 0 {
                    id = dictionary.append(distinct: strings[old])
                    remap[old] = id
                }
                scratch.append(id)
            }
            commit(&scratch, dictionary: &dictionary, valueIDs: &valueIDs, offsets: &offsets)
        }
        return (dictionary, valueIDs, offsets)
    }

    /// The column as the image holds it, when interning would change nothing: the image's ids are already
    /// first-seen in row order and each row's ids ascend without repeats (an image builder makes them so, and
    /// nothing here drops a value). The table then shares the image's arrays instead of building copies; `nil`
    /// when any row breaks the rule, and the column is interned as usual.
    private static func sharedColumn(
        _ entries: [Int32], offsets: [Int32], strings: [String], rows: Int, into empty: ValueDictionary
    ) -> (dictionary: ValueDictionary, valueIDs: [Int32], offsets: [Int32])? {
        guard offsets.count == rows + 1, offsets.first == 0, Int(offsets[rows]) == entries.count else { return nil }
        var next: Int32 = 0
        var counts = [Int32](repeating: 0, count: strings.count)
        var recordsWithValue = 0
        for row in 0..<rows {
            var previous: Int32 = -1
            let range = Int(offsets[row])..<Int(offsets[row + 1])
            for index in range {
                let id = entries[index]
                guard id > previous, id <= next, Int(id) < strings.count else { return nil }
                if id == next { next += 1 }
                counts[Int(id)] += 1
                previous = id
            }
            if !range.isEmpty { recordsWithValue += 1 }
        }
        guard Int(next) == strings.count else { return nil }
        var dictionary = empty
        for value in strings { _ = dictionary.append(distinct: value) }
        dictionary.counts = counts
        dictionary.recordsWithValue = recordsWithValue
        return (dictionary, entries, offsets)
    }
}
