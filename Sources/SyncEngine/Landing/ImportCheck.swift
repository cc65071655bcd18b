import Connectors
import Foundation
import GoldenCore
import GoldenStore

/// `golden import --check`: what landing a file would do, without landing anything.
///
/// A data team checks a list before it enters: how many rows, which values would be quarantined and why (counted,
/// with examples), which required fields are missing, and which records the file holds twice.
public struct ImportCheckReport: Sendable, Codable {
    public struct Reason: Sendable, Codable, Hashable {
        public var code: String
        public var field: String
        public var count: Int
        public var examples: [Example]
    }

    public struct Example: Sendable, Codable, Hashable {
        public var record: String
        public var value: String?
        public var message: String
    }

    /// Rows refused for one reason: how many, and the first few with their place and raw text.
    public struct Rejection: Sendable, Codable, Hashable {
        public var code: String
        public var count: Int
        public var examples: [RejectedExample]
    }

    public struct RejectedExample: Sendable, Codable, Hashable {
        /// `file:line`.
        public var location: String
        public var message: String
        /// The row's text, cut to 200 characters (`nil` when its bytes are not text).
        public var raw: String?
    }

    public struct Duplicate: Sendable, Codable, Hashable {
        /// `key` (the same record id twice) or an identifier shared by different records (`inn`, `email`, `phone`).
        public var kind: String
        public var value: String
        public var records: [String]
    }

    public var source: String
    public var file: String
    /// Rows read as records (each mapped entity of a row counts once).
    public var rows: Int
    /// Rows that cannot become records; landing keeps them whole in `rejected_rows`.
    public var rejectedRows: Int
    public var rejected: [Rejection]
    /// What the readers want a person to know (an encoding guessed, and why).
    public var notices: [String]
    public var records: [String: Int]
    public var quarantine: [Reason]
    public var missingRequired: [Reason]
    public var duplicates: [Duplicate]
    public var errors: [String]

    enum CodingKeys: String, CodingKey {
        case source, file, rows, rejectedRows = "rejected_rows", rejected, notices, records, quarantine,
            missingRequired = "missing_required", duplicates, errors
    }
}

public struct ImportChecker: Sendable {
    let standardizer: RecordStandardizer
    static let examplesPerReason = 3
    static let duplicatesShown = 20

    public init(standardizer: RecordStandardizer) {
        self.standardizer = standardizer
    }

    /// - Parameter findDuplicates: `false` skips the duplicate report, whose memory grows with the number of
    ///   records (every key is kept); `--strict` needs only the rows that cannot be read, in flat memory.
    public func check(
        _ source: SourceConfiguration, connector: any Connector, findDuplicates: Bool = true
    ) async -> ImportCheckReport {
        let preparer = RecordPreparer(source: source.name, mapping: source.mapping, standardizer: standardizer)
        var report = ImportCheckReport(
            source: source.name, file: source.location, rows: 0, rejectedRows: 0, rejected: [], notices: [],
            records: [:], quarantine: [], missingRequired: [], duplicates: [], errors: [])
        var rejections: [String: ImportCheckReport.Rejection] = [:]
        var reasons: [String: ImportCheckReport.Reason] = [:]
        var missing: [String: ImportCheckReport.Reason] = [:]
        var keyCounts: [String: Int] = [:]
        var identifiers: [String: [String: Set<String>]] = [:]  // kind → value → record keys
        do {
            for try await batch in connector.pull(since: nil) {
                report.notices.append(contentsOf: batch.notices)
                for row in batch.rejected {
                    report.rejectedRows += 1
                    var rejection = rejections[row.reasonCode] ?? .init(code: row.reasonCode, count: 0, examples: [])
                    rejection.count += 1
                    if rejection.examples.count < Self.examplesPerReason {
                        rejection.examples.append(.init(
                            location: "\(row.file):\(row.line)", message: row.reason,
                            raw: row.rawText.map { String($0.prefix(200)) }))
                    }
                    rejections[row.reasonCode] = rejection
                }
                for raw in batch.records {
                    report.rows += 1
                    let recordName = "\(raw.entity.rawValue):\(raw.sourceKey)"
                    if findDuplicates { keyCounts[recordName, default: 0] += 1 }
                    let record: LandingRecord
                    do {
                        record = try preparer.prepare(raw)
                    } catch {
                        report.errors.append(LandingJob.describe(error))
                        continue
                    }
                    report.records[raw.entity.rawValue, default: 0] += 1
                    for value in record.quarantine {
                        let field = value.field.split(separator: "[").first.map(String.init) ?? value.field
                        let isMissing = value.reasonCode == "mapping.required_missing"
                        let id = "\(value.reasonCode)|\(field)"
                        var reason = (isMissing ? missing[id] : reasons[id])
                            ?? .init(code: value.reasonCode, field: field, count: 0, examples: [])
                        reason.count += 1
                        if reason.examples.count < Self.examplesPerReason {
                            reason.examples.append(.init(record: raw.sourceKey, value: value.rawValue, message: value.reason))
                        }
                        if isMissing { missing[id] = reason } else { reasons[id] = reason }
                    }
                    guard findDuplicates else { continue }
                    let blocking = record.blocking
                    var shared: [(String, String)] = blocking.emailKeys.map { ("email", $0) }
                        + blocking.phoneKeys.map { ("phone", $0) }
                    if let inn = blocking.inn { shared.append(("inn+kpp", inn + "/" + (blocking.kpp ?? ""))) }
                    for (kind, value) in shared {
                        identifiers[kind, default: [:]][value, default: []].insert(recordName)
                    }
                }
            }
        } catch {
            report.errors.append(LandingJob.describe(error))
        }
        report.rejected = rejections.values.sorted { ($0.count, $1.code) > ($1.count, $0.code) }
        report.quarantine = reasons.values.sorted { ($0.count, $1.code) > ($1.count, $0.code) }
        report.missingRequired = missing.values.sorted { ($0.count, $1.field) > ($1.count, $0.field) }
        var duplicates = keyCounts.filter { $0.value > 1 }.map {
            ImportCheckReport.Duplicate(kind: "key", value: $0.key, records: Array(repeating: $0.key, count: $0.value))
        }
        for (kind, values) in identifiers {
            for (value, records) in values where records.count > 1 {
                duplicates.append(.init(kind: kind, value: value, records: records.sorted()))
            }
        }
        report.duplicates = Array(
            duplicates.sorted { ($0.records.count, $1.kind, $1.value) > ($1.records.count, $0.kind, $0.value) }
                .prefix(Self.duplicatesShown))
        return report
    }
}
