import Crypto
import Foundation
import GoldenCore

/// Digests CSV rows for ``LandedRowSkipping``: SHA-256 over the reader's settings and the row's text, cut to 128
/// bits.
///
/// Everything that decides the payload a row becomes is in the digest: the row's text (decoded, without its line
/// break), the header's column names, the delimiter, and which columns are the key and the modified-at time, so a
/// file with a re-ordered or renamed header, or read with another mapping of its key, skips nothing. What does not
/// reach the payload stays out: the file's name and the row's line (a row that moved keeps its digest, as landing
/// would find it unchanged too), and the file's own modification time.
struct CSVRowDigester: Sendable {
    private let settings: [UInt8]

    init(entity: RawRecord.Entity, keyColumn: String, modifiedAtColumn: String?, delimiter: UInt8, header: [String]) {
        var hasher = SHA256()
        // Each field with its length in front, so no two lists of fields run together into the same bytes (a
        // header name may hold any character). The tag changes whenever what goes in does.
        let fields = ["golden.csv-row.2", entity.rawValue, keyColumn, modifiedAtColumn ?? "", String(delimiter)]
            + header
        hasher.update(data: Array(String(fields.count).utf8) + [0x3A])
        for field in fields {
            let bytes = Array(field.utf8)
            hasher.update(data: Array(String(bytes.count).utf8) + [0x3A])
            hasher.update(data: bytes)
        }
        settings = Array(hasher.finalize())
    }

    func digest(_ row: [UInt8]) -> RowDigest {
        row.withUnsafeBytes { digest($0) }
    }

    func digest(_ row: UnsafeRawBufferPointer) -> RowDigest {
        var hasher = SHA256()
        hasher.update(data: settings)
        hasher.update(bufferPointer: row)
        // SHA-256 always has 32 bytes, so the first 16 are there.
        return hasher.finalize().withUnsafeBytes { RowDigest(bytes: $0)! }
    }
}
