import Foundation
import GoldenCore
import GoldenStore
import Survivorship

/// `golden export golden`: every active golden record with its status and values; JSON lines add the lineage.
///
/// CSV has one column per golden attribute (organization and person attributes together, in display order);
/// a union's values are joined with `; ` in order, the primary first. JSON lines carry the stored document and
/// lineage exactly as stored, so a reader gets back what `golden explain golden:` shows.
public struct GoldenRecordExport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The CSV columns: identity and state, then every golden attribute.
    public static let csvHeader: [String] =
        ["golden_id", "entity", "status", "lifecycle", "version"] + attributeColumns

    static let attributeColumns: [String] = {
        var seen = Set<String>()
        return (GoldenAttribute.attributes(of: .organization) + GoldenAttribute.attributes(of: .person))
            .map(\.rawValue).filter { seen.insert($0).inserted }
    }()

    /// Writes the export chunk by chunk to `sink`; `sink` returns `false` to stop early (a closed pipe).
    /// - Returns: the number of golden records written.
    @discardableResult
    public func write(format: Format, entity: String? = nil, to sink: (String) throws -> Bool) async throws -> Int {
        var buffer = format == .csv ? Self.csvRow(Self.csvHeader) : ""
        var count = 0
        var open = true
        try await GoldenRecordRepository(database: database).forEachGolden(
            entity: entity, withLineage: format == .jsonl
        ) { record in
            guard open else { return }
            switch format {
            case .csv: buffer += Self.csvRow(Self.csvCells(record))
            case .jsonl: buffer += Self.jsonLine(record) + "\n"
            }
            count += 1
            if buffer.utf8.count >= 1 << 16 {
                open = try sink(buffer)
                buffer = ""
            }
        }
        if open, !buffer.isEmpty { _ = try sink(buffer) }
        return count
    }

    static func csvCells(_ record: GoldenRecordRepository.StoredValues) -> [String] {
        let document =
            (try? JSONSerialization.jsonObject(with: Data(record.attributesJSON.utf8)) as? [String: Any]) ?? [:]
        let cells = attributeColumns.map { column -> String in
            switch document[column] {
            case let text as String: text
            case let list as [String]: list.joined(separator: "; ")
            default: ""
            }
        }
        return [record.goldenID.lowercasedText, record.entity, record.status, record.lifecycle,
                String(record.version)] + cells
    }

    /// One golden record as a JSON object: identity, state, the stored document and the lineage of `only` (all
    /// attributes when `nil`).
    public static func jsonLine(_ record: GoldenRecordRepository.StoredValues, only: String? = nil) -> String {
        var line = "{\"golden_id\":\"\(record.goldenID.lowercasedText)\""
        line += ",\"entity\":\(JSONText.quoted(record.entity)),\"status\":\(JSONText.quoted(record.status))"
        line += ",\"lifecycle\":\(JSONText.quoted(record.lifecycle)),\"version\":\(record.version)"
        line += ",\"attributes\":\(record.attributesJSON)"
        let lineage = LineageDocument.entries(record.lineageJSON).filter { only == nil || $0.attribute.rawValue == only }
        line += ",\"lineage\":[" + lineage.map(\.jsonText).joined(separator: ",") + "]}"
        return line
    }

    /// One RFC 4180 row: cells with a comma, quote or line break are quoted.
    public static func csvRow(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\n"
    }
}

/// `golden report owners`: customers worked by different managers in different CRMs, who may not know about each
/// other (two reps quoting one client different terms).
public struct OwnerReport: Sendable {
    public struct Entry: Sendable, Encodable {
        public let goldenID: UUID
        public let entity: String
        public let name: String
        public let owners: [SourceOwner]

        enum CodingKeys: String, CodingKey {
            case entity, name, owners
            case goldenID = "golden_id"
        }
    }

    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    public func entries(limit: Int = 1000) async throws -> [Entry] {
        try await page(limit: limit).entries
    }

    /// The first `limit` entries and how many customers have conflicting owners in all (the dashboard shows both).
    public func page(limit: Int) async throws -> (entries: [Entry], total: Int) {
        let decoder = JSONDecoder()
        let (rows, total) = try await GoldenRecordRepository(database: database).ownerConflicts(limit: limit)
        let entries = rows.map { row in
            Entry(
                goldenID: row.goldenID, entity: row.entity, name: row.name,
                owners: (try? decoder.decode([SourceOwner].self, from: Data(row.ownersJSON.utf8))) ?? [])
        }
        return (entries, total)
    }
}
