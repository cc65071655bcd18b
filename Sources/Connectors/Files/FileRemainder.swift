import Foundation
import GoldenCore

/// The bytes of a file from a given line on: what is kept of a file that breaks where a reader cannot go on.
enum FileRemainder {
    /// Up to ``RejectedRow/maximumRawBytes`` bytes from the start of `line` (1-based), and how many bytes the
    /// file holds from there to its end. Streams the file in 64 KB chunks, so its size does not matter.
    ///
    /// - Throws: ``ConnectorError`` `unavailable` when the file cannot be read.
    static func read(_ url: URL, fromLine line: Int, source: String) throws -> (bytes: [UInt8], total: Int) {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw ConnectorError(
                .unavailable, source: source, location: url.lastPathComponent,
                message: "cannot open the file: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var currentLine = 1
        var kept: [UInt8] = []
        var total = 0
        while true {
            let chunk: Data
            do {
                guard let data = try handle.read(upToCount: 64 * 1024), !data.isEmpty else { break }
                chunk = data
            } catch {
                throw ConnectorError(
                    .unavailable, source: source, location: url.lastPathComponent,
                    message: "cannot read the file: \(error.localizedDescription)")
            }
            var start = chunk.startIndex
            if currentLine < line {
                for index in chunk.indices where chunk[index] == 0x0A {
                    currentLine += 1
                    if currentLine == line {
                        start = index + 1
                        break
                    }
                }
                if currentLine < line { continue }
            }
            let part = chunk[start...]
            total += part.count
            let room = RejectedRow.maximumRawBytes - kept.count
            if room > 0 { kept.append(contentsOf: part.prefix(room)) }
        }
        return (kept, total)
    }
}
