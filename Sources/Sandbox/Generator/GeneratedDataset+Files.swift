import Foundation

extension GeneratedDataset {
    /// Writes the dataset into `directory` (created if needed) and returns the files written, in order:
    /// per CRM source one CSV per object (`<source>_<object>.csv`, see `CSVLayout`), per 1C source one
    /// CommerceML file (`<source>.xml`), and `truth.csv` (`source,source_id,entity,entity_id`).
    /// Output is byte-identical for the same configuration; nothing depends on the clock.
    ///
    /// - Parameter revise: what a CRM record becomes in its CSV file (none, itself, an edited copy, or itself and a
    ///   new record): a later export of the same CRM, for measuring a sync after a few records changed. The 1C file
    ///   and the truth are written as generated.
    public func writeFiles(
        to directory: URL, revise: ((GeneratedRecord) -> [GeneratedRecord])? = nil
    ) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        for collection in recordsBySource {
            let source = collection.source
            if source.kind == .oneC {
                let url = directory.appendingPathComponent(source.name + ".xml")
                try CommerceMLWriter.write(collection, to: url, generatedAt: "2026-01-01T00:00:00")
                written.append(url)
                continue
            }
            for entity in GeneratedEntityKind.allCases {
                guard let layout = CSVLayout.layout(for: source.kind, entity: entity) else { continue }
                let url = directory.appendingPathComponent(source.name + "_" + layout.object + ".csv")
                var writer = try CSVWriter(url: url)
                try writer.write(row: layout.header)
                for position in collection.indices where collection.entity(at: position) == entity {
                    let record = collection[position]
                    for row in revise?(record) ?? [record] { try writer.write(row: layout.row(for: row.payload)) }
                }
                try writer.close()
                written.append(url)
            }
        }
        let truthURL = directory.appendingPathComponent("truth.csv")
        var writer = try CSVWriter(url: truthURL)
        try writer.write(row: ["source", "source_id", "entity", "entity_id"])
        for row in truth {
            try writer.write(row: [row.source, row.sourceId, row.entity.rawValue, row.entityId])
        }
        try writer.close()
        written.append(truthURL)
        return written
    }
}
