import Foundation
import GoldenCore

extension RecordTableImage {
    /// Bumped whenever what an image holds changes meaning: its layout, or how a stored record becomes values
    /// (``MatchRecord/init(stored:id:source:entity:employerCluster:companyPhones:)``, token splitting). An image
    /// of another format is not read; the run reads every record again and writes a new image.
    ///
    /// Version 2 added the landing marks and the unreadable records' ids (a version 1 image has no marks, so it is
    /// read again once).
    public static let formatVersion: UInt32 = 2

    static let magic: [UInt8] = Array("GTIM".utf8)

    /// The image as bytes: arrays of fixed-width integers (little-endian) and strings as lengths plus UTF-8, so
    /// decoding is a few copies, not a parse.
    public func encoded() async -> [UInt8] {
        var bytes: [UInt8] = []
        await encode(partSize: Int.max) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// ``encoded()`` handed over in parts of `partSize` bytes (the last one shorter) as it is produced, so a writer
    /// never holds the whole encoding beside the image.
    public func encode(partSize: Int, _ emit: ([UInt8]) async throws -> Void) async rethrows {
        var writer = ImageWriter(partSize: max(1, partSize))
        writer.bytes.append(contentsOf: Self.magic)
        writer.integer(Self.formatVersion)
        writer.strings([entity.rawValue])
        writer.strings(attributes.map(\.rawValue))
        writer.strings(ids)
        try await writer.flush(emit)
        writer.uuids(recordIDs)
        try await writer.flush(emit)
        try await writer.array(versions.map { Int64($0) }, emit)
        writer.strings(sourceNames)
        try await writer.array(sourceIndex, emit)
        writer.strings(employerRefs)
        try await writer.array(employerRefOf, emit)
        // Marks: a flag (known or not), then the sources and their numbers, in name order.
        let marks = (landingMarks ?? [:]).sorted { $0.key < $1.key }
        writer.integer(UInt32(landingMarks == nil ? 0 : 1))
        writer.strings(marks.map(\.key))
        try await writer.array(marks.map(\.value), emit)
        writer.uuids(unreadableRecordIDs)
        for slot in attributes.indices {
            writer.strings(strings[slot])
            try await writer.flush(emit)
            try await writer.array(offsets[slot], emit)
            try await writer.array(entries[slot], emit)
        }
        try await writer.flush(emit, all: true)
    }

    /// An image read back from ``encoded()``; `nil` when the bytes are of another format or inconsistent (a stale
    /// or damaged image is never trusted: the run reads the records instead).
    public static func decode(_ bytes: [UInt8]) -> RecordTableImage? {
        var decoder = RecordTableImageDecoder()
        decoder.feed(bytes[...])
        return decoder.finish()
    }
}

/// Decodes an image part by part as the store hands the parts over, so the decoding of what has arrived overlaps the
/// transfer of the rest, and the whole encoding is never held beside the image (``RecordTableImage/decode(_:)`` is
/// this over one part).
///
/// The encoding is a sequence of self-delimiting items (a count, then fixed-width values or lengths and UTF-8); each
/// is decoded once all its bytes are here and dropped from the buffer after. The checks are those of a whole decode:
/// any inconsistency, a missing part or a byte too many makes ``finish()`` return `nil`.
public struct RecordTableImageDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var position = 0
    private var step = 0
    private var failed = false
    private var image: RecordTableImage?
    private var slotStrings: [String] = []
    private var slotOffsets: [Int32] = []

    public init() {}

    /// Takes the next part and decodes every item it completes.
    ///
    /// Raw bytes, not a generic collection: called from another module, a generic append is not specialized and
    /// copies byte by byte through the protocol (at 1M records that doubled the persons' read).
    public mutating func feed(_ part: UnsafeRawBufferPointer) {
        guard !failed else { return }
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: part)
        while !failed, advance() {}
    }

    /// ``feed(_:)-(UnsafeRawBufferPointer)`` for bytes in an array.
    public mutating func feed(_ part: ArraySlice<UInt8>) {
        part.withUnsafeBytes { feed($0) }
    }

    /// The image, when every part was fed and the bytes are consistent.
    public func finish() -> RecordTableImage? {
        guard !failed, let image, step == Self.firstSlotStep + 3 * image.attributes.count, position == buffer.count
        else { return nil }
        return image
    }

    private static let firstSlotStep = 10

    /// `count` ids of 16 bytes each, back to back.
    private static func uuids(_ raw: ArraySlice<UInt8>, count: Int) -> [UUID] {
        raw.withUnsafeBytes { bytes in (0..<count).map { bytes.uuid(at: 16 * $0) } }
    }

    /// Decodes the next item when all its bytes are here (true), or leaves it for the next part (false); an
    /// inconsistent item sets `failed`.
    private mutating func advance() -> Bool {
        var reader = ImageReader(bytes: buffer, position: position)
        func fail() -> Bool {
            failed = true
            return false
        }
        if step == 0 {
            guard let magic = reader.take(RecordTableImage.magic.count), let version = reader.integer(UInt32.self),
                let entityNames = reader.strings(), let attributeNames = reader.strings()
            else { return false }
            guard magic.elementsEqual(RecordTableImage.magic), version == RecordTableImage.formatVersion,
                let entityName = entityNames.first, let entity = MatchEntity(rawValue: entityName)
            else { return fail() }
            let attributes = attributeNames.map { MatchAttribute(rawValue: $0) }
            let image = RecordTableImage(entity: entity, attributes: attributes)
            guard image.attributes.count == attributes.count else { return fail() }
            self.image = image
        } else if var image {
            // Every item decoded: whatever follows is a byte too many, which `finish` rejects.
            guard step < Self.firstSlotStep + 3 * image.attributes.count else { return false }
            // Moved out while this item is added, so the image's arrays are not copied.
            self.image = nil
            defer { self.image = image }
            let count = image.ids.count
            switch step {
            case 1:
                guard let ids = reader.strings() else { return false }
                image.ids = ids
            case 2:
                guard let idCount = reader.integer(UInt32.self) else { return false }
                guard Int(idCount) == count else { return fail() }
                guard let raw = reader.take(16 * count) else { return false }
                image.recordIDs = Self.uuids(raw, count: count)
            case 3:
                guard let versions: [Int64] = reader.array() else { return false }
                guard versions.count == count else { return fail() }
                image.versions = versions.map { Int($0) }
            case 4:
                guard let names = reader.strings() else { return false }
                image.sourceNames = names
            case 5:
                guard let sourceIndex: [Int32] = reader.array() else { return false }
                let sources = image.sourceNames.count
                guard sourceIndex.count == count, sourceIndex.allSatisfy({ $0 >= 0 && Int($0) < sources }) else {
                    return fail()
                }
                image.sourceIndex = sourceIndex
            case 6:
                guard let refs = reader.strings() else { return false }
                image.employerRefs = refs
            case 7:
                guard let refOf: [Int32] = reader.array() else { return false }
                let refs = image.employerRefs.count
                guard refOf.count == count, refOf.allSatisfy({ $0 >= -1 && Int($0) < refs }) else { return fail() }
                image.employerRefOf = refOf
            case 8:
                guard let known = reader.integer(UInt32.self), let sources = reader.strings(),
                    let batches: [Int64] = reader.array()
                else { return false }
                guard known <= 1, sources.count == batches.count, Set(sources).count == sources.count,
                    known == 1 || sources.isEmpty
                else { return fail() }
                image.landingMarks = known == 1 ? Dictionary(uniqueKeysWithValues: zip(sources, batches)) : nil
            case 9:
                guard let unreadable = reader.integer(UInt32.self), let raw = reader.take(16 * Int(unreadable)) else {
                    return false
                }
                image.unreadableRecordIDs = Self.uuids(raw, count: Int(unreadable))
            default:
                let (slot, item) = ((step - Self.firstSlotStep) / 3, (step - Self.firstSlotStep) % 3)
                guard slot < image.attributes.count else { return fail() }
                switch item {
                case 0:
                    guard let strings = reader.strings() else { return false }
                    slotStrings = strings
                case 1:
                    guard let offsets: [Int32] = reader.array() else { return false }
                    guard offsets.count == count + 1, offsets.first == 0,
                        zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
                    else { return fail() }
                    slotOffsets = offsets
                default:
                    guard let entries: [Int32] = reader.array() else { return false }
                    let values = slotStrings.count
                    guard slotOffsets.last.map({ Int($0) == entries.count }) == true,
                        entries.allSatisfy({ $0 >= 0 && Int($0) < values })
                    else { return fail() }
                    image.strings[slot] = slotStrings
                    image.offsets[slot] = slotOffsets
                    image.entries[slot] = entries
                    (slotStrings, slotOffsets) = ([], [])
                }
            }
        } else {
            return fail()
        }
        position = reader.position
        step += 1
        return true
    }
}

private struct ImageWriter {
    let partSize: Int
    var bytes: [UInt8] = []

    init(partSize: Int) { self.partSize = partSize }

    /// Hands over every full part (and with `all`, the rest).
    mutating func flush(_ emit: ([UInt8]) async throws -> Void, all: Bool = false) async rethrows {
        guard bytes.count >= partSize || (all && !bytes.isEmpty) else { return }
        var start = 0
        while bytes.count - start >= partSize {
            try await emit(Array(bytes[start..<(start + partSize)]))
            start += partSize
        }
        bytes.removeFirst(start)
        if all, !bytes.isEmpty {
            try await emit(bytes)
            bytes.removeAll()
        }
    }

    mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A count, then the values, flushed a part at a time (an attribute's entries run to tens of megabytes).
    mutating func array<T: FixedWidthInteger>(_ values: [T], _ emit: ([UInt8]) async throws -> Void) async rethrows {
        integer(UInt32(values.count))
        let step = max(1, partSize / MemoryLayout<T>.size)
        var start = 0
        while start < values.count {
            let end = min(values.count, start &+ step)
            if UInt32(1).littleEndian == 1 {
                values[start..<end].withUnsafeBytes { bytes.append(contentsOf: $0) }
            } else {
                for value in values[start..<end] { integer(value) }
            }
            start = end
            try await flush(emit)
        }
    }

    /// A count, then each id's 16 bytes.
    mutating func uuids(_ ids: [UUID]) {
        integer(UInt32(ids.count))
        for id in ids { withUnsafeBytes(of: id.uuid) { bytes.append(contentsOf: $0) } }
    }

    /// Lengths first, then every string's UTF-8 bytes back to back.
    mutating func strings(_ values: [String]) {
        integer(UInt32(values.count))
        for value in values { integer(UInt32(value.utf8.count)) }
        for var value in values { value.withUTF8 { bytes.append(contentsOf: $0) } }
    }
}

private struct ImageReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, bytes.count - position >= count else { return nil }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        guard let raw = take(MemoryLayout<T>.size) else { return nil }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: raw) }
        return T(littleEndian: value)
    }

    mutating func array<T: FixedWidthInteger>() -> [T]? {
        guard let count = integer(UInt32.self), let raw = take(Int(count) * MemoryLayout<T>.size) else { return nil }
        var values = [T](repeating: 0, count: Int(count))
        values.withUnsafeMutableBytes { $0.copyBytes(from: raw) }
        if UInt32(1).littleEndian != 1 { values = values.map { T(littleEndian: $0) } }
        return values
    }

    /// `nil` when not all of the strings' bytes are here: none is decoded then (a streamed decode tries again with
    /// the next part, and would otherwise decode the same strings once per part).
    mutating func strings() -> [String]? {
        let start = position
        guard let lengths: [UInt32] = array() else { return nil }
        guard bytes.count - position >= lengths.reduce(0, { $0 + Int($1) }) else {
            position = start
            return nil
        }
        var values: [String] = []
        values.reserveCapacity(lengths.count)
        for length in lengths {
            guard let raw = take(Int(length)) else { return nil }
            values.append(String(decoding: raw, as: UTF8.self))
        }
        return values
    }
}
