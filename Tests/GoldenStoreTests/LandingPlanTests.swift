import Foundation
import Testing

@testable import GoldenStore

@Suite("Landing plan")
struct LandingPlanTests {
    let a = UUID(uuidString: "00000000-0000-0000-0000-00000000000a")!
    let b = UUID(uuidString: "00000000-0000-0000-0000-00000000000b")!
    let c = UUID(uuidString: "00000000-0000-0000-0000-00000000000c")!

    @Test("new records are inserted at version 1; stored unchanged ones appear nowhere")
    func newAndUnchanged() {
        let plan = LandingPlan(
            ids: [a, b], hashes: [[1], [2]], deleted: [false, false],
            stored: [b: .init(version: 4, contentHash: [2], deleted: false)])
        #expect(plan.versions == [.init(index: 0, version: 1)])
        #expect(plan.inserts == [.init(index: 0, version: 1)])
        #expect(plan.updates.isEmpty)
    }

    @Test("a changed hash or a changed deletion flag is a new version of a stored record")
    func changes() {
        let plan = LandingPlan(
            ids: [a, b], hashes: [[9], [2]], deleted: [false, true],
            stored: [
                a: .init(version: 1, contentHash: [1], deleted: false),
                b: .init(version: 7, contentHash: [2], deleted: false),
            ])
        #expect(plan.versions == [.init(index: 0, version: 2), .init(index: 1, version: 8)])
        #expect(plan.updates == plan.versions)
        #expect(plan.inserts.isEmpty)
    }

    @Test("a record twice in a batch gets a version per change; its current row takes the last")
    func repeatsInBatch() {
        let plan = LandingPlan(
            ids: [a, c, a, a, c], hashes: [[1], [5], [2], [2], [5]], deleted: [false, false, false, false, false],
            stored: [c: .init(version: 2, contentHash: [4], deleted: false)])
        // a: new, then changed (v2), then unchanged against v2; c: changed once (v3), then unchanged.
        #expect(plan.versions == [.init(index: 0, version: 1), .init(index: 1, version: 3), .init(index: 2, version: 2)])
        #expect(plan.inserts == [.init(index: 2, version: 2)])
        #expect(plan.updates == [.init(index: 1, version: 3)])
    }

    @Test("changing back to an earlier content is still a change: versions follow the stream, not the set")
    func abaIsTwoVersions() {
        let plan = LandingPlan(
            ids: [a, a], hashes: [[2], [1]], deleted: [false, false],
            stored: [a: .init(version: 1, contentHash: [1], deleted: false)])
        #expect(plan.versions == [.init(index: 0, version: 2), .init(index: 1, version: 3)])
        #expect(plan.updates == [.init(index: 1, version: 3)])
    }
}
