import Foundation
import GoldenCore
import Yams

/// The dictionaries standardization uses, read from `mappings/` so admins extend them without a rebuild.
///
/// Missing files fall back to GoldenCore's built-in copies (which `ReferenceDataTests` keeps equal to the shipped
/// files, entry by entry); a file that exists but does not parse is an error naming the file.
public enum ReferenceData {
    public static let jobTitlesFile = "job_titles.yaml"
    public static let namesFile = "name_diminutives.yaml"

    public static func standardizers(mappingsDirectory: URL?, defaultRegion: RegionCode = .ru) throws -> Standardizers {
        var names = NameDictionary.builtIn
        var titles = JobTitleDictionary.builtIn
        if let directory = mappingsDirectory {
            if let loaded = try decode(NameDictionary.self, directory.appendingPathComponent(namesFile)) {
                names = loaded
            }
            if let loaded = try decode(JobTitleDictionary.self, directory.appendingPathComponent(jobTitlesFile)) {
                titles = loaded
            }
        }
        return Standardizers(defaultRegion: defaultRegion, names: names, jobTitles: titles)
    }

    /// The dictionary in `url`, `nil` when there is no such file.
    static func decode<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let error as YamlError {
            throw ConfigurationFileError(file: url.path, line: nil, column: nil, keyPath: "", message: "\(error)")
        } catch let error as DecodingError {
            throw ConfigurationFileError(
                file: url.path, line: nil, column: nil, keyPath: Self.path(of: error), message: Self.message(of: error))
        }
    }

    private static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            context = c
        @unknown default:
            return ""
        }
        return context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func message(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case .typeMismatch(let type, _): return "expected \(type)"
        case .valueNotFound(let type, _): return "missing \(type) value"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "cannot decode"
        }
    }
}
