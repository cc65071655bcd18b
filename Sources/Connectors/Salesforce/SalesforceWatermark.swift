import Foundation

/// The stored watermark of a Salesforce source: per pass (`Account`, `Account#deleted`, …) the last
/// `SystemModstamp` committed, as a JSON object so that a pass added later starts from scratch.
enum SalesforceWatermark {
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
