/// The records of one source as a lazy random-access collection: `collection[i]` renders record `i`.
///
/// Random access is what a sandbox server needs for offset paging (Bitrix24 `start`, ELMA365 `from`)
/// without holding a million payloads in memory.
public struct GeneratedRecordCollection: RandomAccessCollection, Sendable {
    let renderer: RecordRenderer
    let sourceIndex: Int
    let slots: [UInt64]

    public var startIndex: Int { 0 }
    public var endIndex: Int { slots.count }

    public var source: GeneratedSource { renderer.sources[sourceIndex] }

    public subscript(position: Int) -> GeneratedRecord {
        var cache = RecordRenderer.Cache()
        return renderer.record(sourceIndex, RecordSlot(raw: slots[position]), cache: &cache)
    }

    /// Renders the records in `range`, in order, reusing the employer entity between consecutive contacts as the
    /// iterator does (a slice would render each record from scratch through the subscript).
    public func records(in range: Range<Int>) -> [GeneratedRecord] {
        var cache = RecordRenderer.Cache()
        var records: [GeneratedRecord] = []
        records.reserveCapacity(range.count)
        for position in range {
            records.append(renderer.record(sourceIndex, RecordSlot(raw: slots[position]), cache: &cache))
        }
        return records
    }

    /// The truth row for record `position`, computed without rendering its payload.
    public func truthRow(at position: Int) -> TruthRow {
        renderer.truthRow(sourceIndex, RecordSlot(raw: slots[position]))
    }

    /// The truth entity id of record `position` (`TruthRow.entityId`), without its error classes or payload.
    public func entityId(at position: Int) -> String {
        renderer.entityId(RecordSlot(raw: slots[position]))
    }

    /// Iterates in order, reusing the employer entity between consecutive contacts of one organization.
    public func makeIterator() -> Iterator {
        Iterator(collection: self)
    }

    public struct Iterator: IteratorProtocol {
        let collection: GeneratedRecordCollection
        var position = 0
        var cache = RecordRenderer.Cache()

        public mutating func next() -> GeneratedRecord? {
            guard position < collection.slots.count else { return nil }
            defer { position += 1 }
            return collection.renderer.record(
                collection.sourceIndex, RecordSlot(raw: collection.slots[position]), cache: &cache)
        }
    }

    /// Entity kind of record `position` without rendering it.
    public func entity(at position: Int) -> GeneratedEntityKind {
        RecordSlot(raw: slots[position]).entity
    }
}
