import Foundation
import GoldenCore
import GoldenStore
import Matching
import Testing

@testable import SyncEngine

/// Which records a run reads again from landing's log (`MatchJob.changed(since:batches:marks:)`): every id logged
/// after the image's numbers and every record the image could not read, or nothing to trust when the log has a gap.
@Suite("The landing log a run reads")
struct LandingLogReadTests {
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", n))! }

    static func image(marks: [String: Int64]?, unreadable: [UUID] = []) -> RecordTableImage {
        var builder = RecordTableImageBuilder(entity: .organization, attributes: [.name])
        var image = builder.build()
        image.landingMarks = marks
        image.unreadableRecordIDs = unreadable
        return image
    }

    static func batch(_ source: String, _ number: Int64, _ ids: [Int]) -> LandingChanges.Batch {
        LandingChanges.Batch(source: source, batch: number, ids: ids.map(id))
    }

    @Test("the ids logged after the image's numbers and its unreadable records, once each, in id order")
    func changedSince() {
        let image = Self.image(marks: ["a": 2, "b": 0], unreadable: [Self.id(9)])
        let batches = [
            Self.batch("a", 1, [1]), Self.batch("a", 2, [2]),  // held by the image
            Self.batch("a", 3, [7, 3]), Self.batch("a", 4, [3, 5]),
            Self.batch("b", 1, [4]),
            // A source the image never saw, and a batch past the numbers read first: both read, to be safe.
            Self.batch("c", 1, [6]), Self.batch("b", 2, [8]),
        ]
        let changed = MatchJob.changed(since: image, batches: batches, marks: ["a": 4, "b": 1, "c": 1])
        #expect(changed == [3, 4, 5, 6, 7, 8, 9].map(Self.id))
        // Nothing logged since: only the unreadable record.
        #expect(MatchJob.changed(since: image, batches: [], marks: ["a": 2, "b": 0]) == [Self.id(9)])
    }

    @Test("a gap in the log, numbers that went back, or an image without numbers: nothing to trust")
    func untrusted() {
        let image = Self.image(marks: ["a": 2])
        // Batch 4 is logged but 3 is missing.
        #expect(MatchJob.changed(since: image, batches: [Self.batch("a", 4, [1])], marks: ["a": 4]) == nil)
        // The numbers read first say batch 3 committed; the log lacks it.
        #expect(MatchJob.changed(since: image, batches: [], marks: ["a": 3]) == nil)
        // The source's numbers are behind the image's (its log was started again).
        #expect(MatchJob.changed(since: image, batches: [], marks: ["a": 1]) == nil)
        #expect(MatchJob.changed(since: image, batches: [], marks: [:]) == nil)
        #expect(MatchJob.changed(since: Self.image(marks: nil), batches: [], marks: [:]) == nil)
        // Without a gap it is trusted.
        #expect(MatchJob.changed(since: image, batches: [Self.batch("a", 3, [1])], marks: ["a": 3]) == [Self.id(1)])
    }

    @Test("the row where an id is or would go, in ascending ids")
    func firstRow() {
        let ids = [2, 4, 6].map(Self.id)
        #expect([1, 2, 3, 6, 7].map { ids.firstIndex(notOlderThan: Self.id($0)) } == [0, 0, 1, 2, 3])
        #expect([UUID]().firstIndex(notOlderThan: Self.id(1)) == 0)
    }
}
