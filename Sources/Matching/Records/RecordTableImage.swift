import Foundation

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
/// ``RecordTable`` interns: an image patched with changed rows (``RecordTableImageBuilder/append(baseRow:)``) is
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
    var employerRefs: [String] = []

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

    func range(_ slot: Int, _ row: Int) -> Range<Int> { Int(offsets[slot][row])..<Int(offsets[slot][row + 1]) }
}

/// What a person's row needs from other records: the clusters of employers, and the organizations' numbers.
public struct RecordBinding: Sendable {
    /// Numbers that belong to organizations: kept in ``MatchAttribute/phone``, left out of
    /// ``MatchAttribute/personalPhone``.
    public var companyPhones: Set<String>
    /// The cluster (golden id) of an employer reference; `nil` when unknown.
    public var employerCluster: @Sendable (String) -> String?

    public init(companyPhones: Set<String> = [], employerCluster: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.companyPhones = companyPhones
        self.employerCluster = employerCluster
    }
}

/// Builds a ``RecordTableImage`` row by row, from records read from the store or from the rows of an earlier image.
public struct RecordTableImageBuilder: Sendable {
    private var image: RecordTableImage
    private var lookups: [[String: Int32]]
    private var sourceLookup: [String: Int32] = [:]
    private var refLookup: [String: Int32] = [:]
    private let base: RecordTableImage?
    /// Per slot of `base`: its value id → this image's, or -1 before first seen.
    private var remaps: [[Int32]]
    private var refRemap: [Int32]
    private var sourceRemap: [Int32]

    /// - Parameter base: an earlier image of the same entity and attributes whose rows ``append(baseRow:)`` copies.
    public init(entity: MatchEntity, attributes: [MatchAttribute], base: RecordTableImage? = nil) {
        image = RecordTableImage(entity: entity, attributes: attributes)
        lookups = Array(repeating: [:], count: image.attributes.count)
        if let base {
            precondition(base.entity == entity && base.attributes == image.attributes, "image of other attributes")
        }
        self.base = base
        remaps = base?.strings.map { Array(repeating: -1, count: $0.count) } ?? []
        refRemap = Array(repeating: -1, count: base?.employerRefs.count ?? 0)
        sourceRemap = Array(repeating: -1, count: base?.sourceNames.count ?? 0)
    }

    public var count: Int { image.count }

    /// Appends a record as read from the store: `values` unbound (every personal number, no employer cluster).
    public mutating func append(
        _ record: MatchRecord, recordID: UUID, version: Int, employerRef: String?
    ) {
        precondition(record.entity == image.entity, "record of another entity")
        image.ids.append(record.id)
        image.recordIDs.append(recordID)
        image.versions.append(version)
        image.sourceIndex.append(source(record.source))
        image.employerRefOf.append(employerRef.map { ref(ref: $0) } ?? -1)
        for (slot, attribute) in image.attributes.enumerated() {
            if attribute == .employerCluster {
                // Bound from the row's employer reference.
            } else if let base = attribute.tokenBase {
                for value in record.values[base] ?? [] {
                    for token in value.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                        image.entries[slot].append(intern(String(token), slot: slot))
                    }
                }
            } else {
                for value in record.values[attribute] ?? [] where !value.isEmpty {
                    image.entries[slot].append(intern(value, slot: slot))
                }
            }
            image.offsets[slot].append(Int32(image.entries[slot].count))
        }
    }

    /// Appends row `row` of the base image unchanged.
    public mutating func append(baseRow row: Int) {
        guard let base else { preconditionFailure("no base image") }
        image.ids.append(base.ids[row])
        image.recordIDs.append(base.recordIDs[row])
        image.versions.append(base.versions[row])
        let sourceIndex = Int(base.sourceIndex[row])
        if sourceRemap[sourceIndex] < 0 { sourceRemap[sourceIndex] = source(base.sourceNames[sourceIndex]) }
        image.sourceIndex.append(sourceRemap[sourceIndex])
        let refIndex = Int(base.employerRefOf[row])
        if refIndex >= 0, refRemap[refIndex] < 0 { refRemap[refIndex] = ref(ref: base.employerRefs[refIndex]) }
        image.employerRefOf.append(refIndex < 0 ? -1 : refRemap[refIndex])
        for slot in image.attributes.indices {
            for index in base.range(slot, row) {
                let old = Int(base.entries[slot][index])
                var id = remaps[slot][old]
                if id < 0 {
                    id = intern(base.strings[slot][old], slot: slot)
                    remaps[slot][old] = id
                }
                image.entries[slot].append(id)
            }
            image.offsets[slot].append(Int32(image.entries[slot].count))
        }
    }

    /// The finished image. The builder lets go of its lookups (as large as the image's dictionaries): the caller
    /// builds a table from the image next, and both live at once.
    public mutating func build() -> RecordTableImage {
        lookups = []
        remaps = []
        refLookup = [:]
        sourceLookup = [:]
        return image
    }

    private mutating func intern(_ value: String, slot: Int) -> Int32 {
        if let id = lookups[slot][value] { return id }
        let id = Int32(image.strings[slot].count)
        lookups[slot][value] = id
        image.strings[slot].append(value)
        return id
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
        let rows = image.count
        var scratch: [Int32] = []
        for (slot, attribute) in attributes.enumerated() {
            valueIDs[slot].reserveCapacity(image.entries[slot].count)
            offsets[slot].reserveCapacity(rows + 1)
            if attribute == .employerCluster, image.entity == .person {
                // One value per row: the employer's cluster, interned as first seen.
                var clusterOf = Array(repeating: Int32(-1), count: image.employerRefs.count)
                for row in 0..<rows {
                    scratch.removeAll(keepingCapacity: true)
                    let ref = Int(image.employerRefOf[row])
                    if ref >= 0 {
                        if clusterOf[ref] == -1 {
                            let cluster = binding.employerCluster(image.employerRefs[ref]) ?? ""
                            clusterOf[ref] = cluster.isEmpty ? -2 : dictionaries[slot].intern(cluster)
                        }
                        if clusterOf[ref] >= 0 { scratch.append(clusterOf[ref]) }
                    }
                    commit(&scratch, slot: slot)
                }
                continue
            }
            // A company's number is not a person's own line.
            let drops = attribute == .personalPhone && image.entity == .person && !binding.companyPhones.isEmpty
            var remap = Array(repeating: Int32(-1), count: image.strings[slot].count)
            if drops {
                for (id, value) in image.strings[slot].enumerated() where binding.companyPhones.contains(value) {
                    remap[id] = -2
                }
            }
            let entries = image.entries[slot]
            for row in 0..<rows {
                scratch.removeAll(keepingCapacity: true)
                for index in image.range(slot, row) {
                    let old = Int(entries[index])
                    var id = remap[old]
                    if id == -2 { continue }
                    if id < 0 {
                        id = dictionaries[slot].append(distinct: image.strings[slot][old])
                        remap[old] = id
                    }
                    scratch.append(id)
                }
                commit(&scratch, slot: slot)
            }
        }
        freeze()
    }
}
