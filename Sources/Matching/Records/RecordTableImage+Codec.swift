import Foundation

extension RecordTableImage {
    /// Bumped whenever what an image holds changes meaning: its layout, or how a stored record becomes values
    /// (``MatchRecord/init(stored:id:source:entity:employerCluster:companyPhones:)``, token splitting). An image
    /// of another format is not read; the run reads every record again and writes a new image.
    public static let formatVersion: UInt32 = 1

    private static let magic: [UInt8] = Array("GTIM".utf8)

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
        writer.integer(UInt32(recordIDs.count))
        for id in recordIDs {
            withUnsafeBytes(of: id.uuid) { writer.bytes.append(contentsOf: $0) }
        }
        try await writer.flush(emit)
        try await writer.array(versions.map { Int64($0) }, emit)
        writer.strings(sourceNames)
        try await writer.array(sourceIndex, emit)
        writer.strings(employerRefs)
        try await writer.array(employerRefOf, emit)
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
        var reader = ImageReader(bytes: bytes)
        guard reader.take(magic.count) == magic[...], reader.integer(UInt32.self) == formatVersion,
            let entityName = reader.strings()?.first, let entity = MatchEntity(rawValue: entityName),
            let attributes = reader.strings()?.map({ MatchAttribute(rawValue: $0) })
        else { return nil }
        var image = RecordTableImage(entity: entity, attributes: attributes)
        guard image.attributes.count == attributes.count, let ids = reader.strings(),
            let idCount = reader.integer(UInt32.self), Int(idCount) == ids.count
        else { return nil }
        image.ids = ids
        image.recordIDs.reserveCapacity(ids.count)
        for _ in 0..<ids.count {
            guard let raw = reader.take(16) else { return nil }
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &uuid) { $0.copyBytes(from: raw) }
            image.recordIDs.append(UUID(uuid: uuid))
        }
        guard let versions: [Int64] = reader.array(), versions.count == ids.count,
            let sourceNames = reader.strings(), let sourceIndex: [Int32] = reader.array(),
            sourceIndex.count == ids.count, sourceIndex.allSatisfy({ $0 >= 0 && Int($0) < sourceNames.count }),
            let refs = reader.strings(), let refOf: [Int32] = reader.array(), refOf.count == ids.count,
            refOf.allSatisfy({ $0 >= -1 && Int($0) < refs.count })
        else { return nil }
        image.versions = versions.map { Int($0) }
        image.sourceNames = sourceNames
        image.sourceIndex = sourceIndex
        image.employerRefs = refs
        image.employerRefOf = refOf
        for slot in attributes.indices {
            guard let strings = reader.strings(), let offsets: [Int32] = reader.array(),
                let entries: [Int32] = reader.array(), offsets.count == ids.count + 1, offsets.first == 0,
                offsets.last.map({ Int($0) == entries.count }) == true,
                zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }),
                entries.allSatisfy({ $0 >= 0 && Int($0) < strings.count })
            else { return nil }
            image.strings[slot] = strings
            image.offsets[slot] = offsets
            image.entries[slot] = entries
        }
        guard reader.atEnd else { return nil }
        return image
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

    var atEnd: Bool { position == bytes.count }

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

    mutating func strings() -> [String]? {
        guard let lengths: [UInt32] = array() else { return nil }
        var values: [String] = []
        values.reserveCapacity(lengths.count)
        for length in lengths {
            guard let raw = take(Int(length)) else { return nil }
            values.append(String(decoding: raw, as: UTF8.self))
        }
        return values
    }
}
