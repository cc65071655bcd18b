import Foundation

/// The 1C side of the sandbox: accounting has no API, it drops CommerceML files into a folder.
public enum SandboxDropFolder {
    /// Writes the generated accounting source as `<source>.xml` (CommerceML 2) into `folder`.
    ///
    /// - Returns: the file and the number of counterparties in it (what a full read must return).
    public static func writeAccounting(
        _ dataset: GeneratedDataset, source: String = "acc_1c", to folder: URL
    ) throws -> (file: URL, records: Int) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let records = dataset.records(for: source)
        let url = folder.appendingPathComponent(source + ".xml")
        try CommerceMLWriter.write(records, to: url, generatedAt: "2026-01-01T00:00:00")
        return (url, records.count)
    }
}
