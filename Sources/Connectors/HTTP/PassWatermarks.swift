import Foundation

/// The stored watermark of a CRM source: per pass (`Account`, `Account#deleted`, `contacts#archived`, …) the last
/// stamp committed, as a JSON object with sorted keys, so that a pass added later starts from scratch.
///
/// One shape for all four CRM connectors: the store keeps the value opaque, and only the pull that wrote it reads it.
enum PassWatermarks {
    static func decode(_ text: String?) -> [String: String] {
        guard let data = text?.data(using: .utf8),
            let decoded = try? JSONDecoder().decode([String: String].self, from: data)
        else { return [:] }
        return decoded
    }

    static func encode(_ watermarks: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(watermarks)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
