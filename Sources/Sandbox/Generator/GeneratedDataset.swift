import Foundation

/// A generated multi-source dataset with its ground truth.
///
/// Records are rendered on access (see `DatasetGenerator`); reading the same record twice gives the same
/// value. Within a source, companies come first (in organization order), then contact persons.
public struct GeneratedDataset: Sendable {
    public let configuration: GeneratorConfiguration
    /// Organizations behind the dataset (entities, not records).
    public let organizationCount: Int
    /// Contact persons behind the dataset, including persons whose only records are in CRMs.
    public let personCount: Int
    let renderer: RecordRenderer
    let slots: [[UInt64]]

    init(configuration: GeneratorConfiguration, renderer: RecordRenderer, slots: [[UInt64]],
         organizationCount: Int, personCount: Int) {
        self.configuration = configuration
        self.renderer = renderer
        self.slots = slots
        self.organizationCount = organizationCount
        self.personCount = personCount
    }

    public var sources: [GeneratedSource] { configuration.sources }

    /// Exact number of source records over all sources.
    public var recordCount: Int { slots.reduce(0) { $0 + $1.count } }

    /// Records of one source by name; an empty collection for an unknown name.
    public func records(for source: String) -> GeneratedRecordCollection {
        guard let index = sources.firstIndex(where: { $0.name == source }) else {
            return GeneratedRecordCollection(renderer: renderer, sourceIndex: 0, slots: [])
        }
        return records(at: index)
    }

    /// Records of the source at `index` in `sources`.
    public func records(at index: Int) -> GeneratedRecordCollection {
        GeneratedRecordCollection(renderer: renderer, sourceIndex: index, slots: slots[index])
    }

    /// One lazy collection per source, in `sources` order.
    public var recordsBySource: [GeneratedRecordCollection] {
        sources.indices.map(records(at:))
    }

    /// All records, source after source, rendered as they are iterated.
    public var allRecords: FlattenSequence<[GeneratedRecordCollection]> {
        recordsBySource.joined()
    }

    /// The truth table in the same order as `allRecords`; rows are computed without rendering payloads.
    public var truth: GeneratedTruthTable {
        GeneratedTruthTable(collections: recordsBySource)
    }
}
