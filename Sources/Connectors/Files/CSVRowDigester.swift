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
        // Fields separated by the unit separator, which a trimmed header name or setting cannot hold unnoticed:
        // the count of header names goes in too.
        let fields = ["golden.csv-row.1", entity.rawValue, keyColumn, modifiedAtColumn ?? "", String(delimiter),
                      String(header.count)] + header
        for field in fields {
            hasher.update(data: Array(field.utf8))
            hasher.update(data: [0x1F])
        }
        settings = Array(hasher.finalize())
    }

    func digest(_ row: [UInt8]) -> RowDigest {
        var hasher = SHA256()
        hasher.update(data: settings)
        hasher.update(data: row)
        // SHA-256 always has 32 bytes, so the first 16 are there.
        return hasher.finalize().withUnsafeBytes { RowDigest(bytes: $0)! }
    }
}
