import Foundation

/// One golden version's whole lineage as one JSON document (`golden_versions.lineage`): every attribute's "why this
/// value won", with the records it names listed once.
///
/// Why one document and not a row per attribute: a full run survives ~600k golden records with ~10 attributes
/// each. Six million lineage rows (each with its own key, index entry and foreign-key check) and the same member
/// written out again in every attribute that names it made lineage 1.8 GB and most of survivorship's time. Here the
/// lineage rides on the version row that is written anyway, and a record is written once, in `records`, and named
/// by its position everywhere else.
///
/// Shape: `{"records":[{source,key,modified_at,record_id}…],"attributes":[<AttributeLineage>…]}`, where any
/// `source` (a winner's, a beaten or a union candidate's, or one in `agreed`) is either an index into `records` or a
/// whole source object. Documents converted from the per-attribute rows of earlier versions have no `records` and
/// whole objects everywhere; both read the same.
public enum LineageDocument {
    /// The document of `lineage`, in the order given.
    public static func jsonText(_ lineage: [AttributeLineage]) -> String {
        String(decoding: utf8(lineage), as: UTF8.self)
    }

    /// The document of `lineage` as UTF-8 bytes, for a writer that sends them on as they are.
    public static func utf8(_ lineage: [AttributeLineage]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 * max(lineage.count, 1))
        append(lineage, to: &bytes)
        return bytes
    }

    /// Appends the document of `lineage` to `bytes`.
    public static func append(_ lineage: [AttributeLineage], to bytes: inout [UInt8]) {
        // A golden record has a handful of members: a linear scan beats hashing two strings, a date and an id.
        var records: [LineageSource] = []
        records.reserveCapacity(8)
        func note(_ source: LineageSource?) {
            guard let source, !records.contains(source) else { return }
            records.append(source)
        }
        // Entries are read in place (through the buffer): iterating the array copies each one, a dozen retains.
        lineage.withUnsafeBufferPointer { entries in
            for index in entries.indices {
                note(entries[index].source)
                if let values = entries[index].values {
                    for candidate in values { note(candidate.source) }
                }
                for candidate in entries[index].beaten { note(candidate.source) }
                for source in entries[index].agreed { note(source) }
            }
        }
        var writer = LineageJSONWriter(bytes: bytes)
        bytes = []
        writer.open()
        writer.key("records")
        writer.beginArray()
        for record in records { writer.source(record) }
        writer.endArray()
        writer.key("attributes")
        writer.beginArray()
        bytes = writer.bytes
        lineage.withUnsafeBufferPointer { entries in
            for position in entries.indices {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                entries[position].appendJSON(to: &bytes, records: records)
            }
        }
        bytes.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "}")])
    }

    /// Reads a document back, attributes in stored order.
    ///
    /// - Throws: `DecodingError` when the text is not a lineage document or names a record index it does not list.
    public static func decode(_ text: String) throws -> [AttributeLineage] {
        let data = Data(text.utf8)
        let records = try JSONDecoder().decode(Records.self, from: data).records ?? []
        let decoder = JSONDecoder()
        decoder.userInfo[LineageSource.recordTable] = records
        return try decoder.decode(Attributes.self, from: data).attributes
    }

    /// The attributes of a stored document, or none when there is no document or it cannot be read (callers that
    /// must tell those apart use ``decode(_:)``).
    public static func entries(_ text: String?) -> [AttributeLineage] {
        text.flatMap { try? decode($0) } ?? []
    }

    private struct Records: Decodable {
        var records: [LineageSource]?

        enum CodingKeys: String, CodingKey { case records }

        // Only the table is read here; the attributes (whose sources may be indexes) are skipped.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            records = try container.decodeIfPresent([LineageSource].self, forKey: .records)
        }
    }

    private struct Attributes: Decodable {
        var attributes: [AttributeLineage]
    }
}

extension LineageSource {
    /// The `records` table of the document being decoded, for sources written as an index into it.
    static let recordTable = CodingUserInfoKey(rawValue: "golden.lineage.records")!

    /// A source written as an index into the document's `records`.
    static func indexed(_ decoder: any Decoder) throws -> LineageSource? {
        guard let table = decoder.userInfo[recordTable] as? [LineageSource],
            let container = try? decoder.singleValueContainer(), let index = try? container.decode(Int.self)
        else { return nil }
        guard table.indices.contains(index) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "lineage names record \(index) of \(table.count)")
        }
        return table[index]
    }
}
