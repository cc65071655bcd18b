import Crypto
import Foundation

/// The SHA-256 of a file's bytes, read in chunks: what file watermarks compare to skip an unchanged file.
enum FileFingerprint {
    /// Lower-case hex SHA-256 of the file at `url`.
    ///
    /// - Throws: ``ConnectorError`` `unavailable` naming the file when it cannot be read.
    static func sha256(of url: URL, source: String) throws -> String {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hasher = SHA256()
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                hasher.update(data: data)
            }
            return hasher.finalize().map { byte in
                let hex = String(byte, radix: 16)
                return byte < 0x10 ? "0" + hex : hex
            }.joined()
        } catch {
            throw ConnectorError(
                .unavailable, source: source, location: url.lastPathComponent,
                message: "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// The file's modification time, `nil` when the file system does not say.
    static func modificationDate(of url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    /// The watermark of a fully processed file: `<64 hex digits> <file name>`, so the name may hold any character.
    static func watermark(name: String, sha256: String) -> String {
        "\(sha256) \(name)"
    }

    /// The name and hash of a watermark made by ``watermark(name:sha256:)``; `nil` for anything else.
    static func parse(watermark: String) -> (name: String, sha256: String)? {
        let characters = Array(watermark)
        guard characters.count > 65, characters[64] == " ",
            characters[0..<64].allSatisfy({ $0.isHexDigit })
        else { return nil }
        return (String(characters[65...]), String(characters[0..<64]))
    }
}
