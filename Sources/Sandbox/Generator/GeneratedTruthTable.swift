/// The truth table as a lazy random-access collection over all sources (same order as `allRecords`).
public struct GeneratedTruthTable: RandomAccessCollection, Sendable {
    let collections: [GeneratedRecordCollection]
    private let offsets: [Int]

    init(collections: [GeneratedRecordCollection]) {
        self.collections = collections
        var running = 0
        var offsets: [Int] = []
        for collection in collections {
            offsets.append(running)
            running += collection.count
        }
        offsets.append(running)
        self.offsets = offsets
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.last ?? 0 }

    public subscript(position: Int) -> TruthRow {
        var low = 0
        var high = collections.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if offsets[mid] <= position { low = mid } else { high = mid - 1 }
        }
        return collections[low].truthRow(at: position - offsets[low])
    }
}
