import Crypto
import Foundation

/// The ids the store uses, all made by the application (no sequences: they would block sharding).
public enum GoldenIdentifiers {
    /// Namespace of source record ids (a fixed random UUID; changing it would re-key every source record).
    static let sourceRecordNamespace: [UInt8] = Array(
        UUID(uuidString: "6F1D0E5A-3B7C-4C2E-9A51-0D6B2C8E7F10")!.bytes)

    /// The id of a source record: a name-based UUID (RFC 9562 version 5) of the source name and the record's key.
    ///
    /// Deterministic, so landing computes it without a lookup, the same record always gets the same id, and the
    /// uniqueness of (source, key) is the primary key itself.
    public static func sourceRecordID(source: String, key: String) -> UUID {
        var hasher = Insecure.SHA1()
        hasher.update(data: sourceRecordNamespace)
        hasher.update(data: Array(source.utf8))
        hasher.update(data: [0])
        hasher.update(data: Array(key.utf8))
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(bytes: bytes)
    }

    /// A time-ordered UUID (RFC 9562 version 7): ids of golden records, runs, decisions and audit rows sort by
    /// creation time, which keeps B-tree inserts at the right edge of the index.
    public static func timeOrdered(now: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index)))) }
        let random = generator.next() as UInt64
        let random2 = generator.next() as UInt64
        for index in 6..<16 {
            let source = index < 14 ? random : random2
            bytes[index] = UInt8(truncatingIfNeeded: source >> (8 * UInt64(index % 8)))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(bytes: bytes)
    }
}

extension UUID {
    init(bytes: [UInt8]) {
        precondition(bytes.count == 16)
        self.init(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }

    var bytes: [UInt8] {
        withUnsafeBytes(of: uuid) { Array($0) }
    }
}
