import Foundation
import Matching
import SyncEngine
import Testing

@Suite("golden evaluate: clusters against a labelled file")
struct TruthEvaluationTests {
    func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("golden-truth-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("scores a clusters file per entity type; unlabelled records are counted, not scored")
    func scoresClustersFile() throws {
        let truth = try write("""
            source,source_id,entity_id
            crm,1,A
            crm,2,A
            crm,3,A
            crm,4,B
            acc,9,C
            acc,8,C
            """)
        let clusters = try write("""
            source,source_id,cluster_id
            crm,1,p0
            crm,2,p0
            crm,3,p1
            crm,4,p1
            crm,5,p2
            acc,9,o7
            acc,8,o7
            """)
        defer {
            try? FileManager.default.removeItem(at: truth)
            try? FileManager.default.removeItem(at: clusters)
        }
        let scores = TruthEvaluation.score(
            clusters: try TruthEvaluation.labels(in: clusters, labelColumn: "cluster_id"),
            truth: try TruthEvaluation.labels(in: truth, labelColumn: "entity_id"))
        #expect(scores.map(\.entity) == ["organization", "person"])
        let person = try #require(scores.last)
        #expect(person.labelled == 4)
        #expect(person.unlabelled == 1)
        // True pairs 1-2, 1-3, 2-3; predicted 1-2 and 3-4: one correct.
        #expect(person.evaluation.truePairs == 3)
        #expect(person.evaluation.predictedPairs == 2)
        #expect(person.evaluation.correctPairs == 1)
        #expect(abs(person.evaluation.pairwisePrecision - 0.5) < 1e-9)
        #expect(abs(person.evaluation.pairwiseRecall - 1.0 / 3.0) < 1e-9)
        #expect(scores.first?.evaluation.pairwiseF1 == 1)
    }

    @Test("a truth file without entity_id, or labelling a record twice, is refused with file and line")
    func refusesBadTruth() throws {
        let noColumn = try write("source,source_id,label\ncrm,1,A\n")
        let twice = try write("source,source_id,entity_id\ncrm,1,A\ncrm,1,B\n")
        defer {
            try? FileManager.default.removeItem(at: noColumn)
            try? FileManager.default.removeItem(at: twice)
        }
        #expect {
            try TruthEvaluation.labels(in: noColumn, labelColumn: "entity_id")
        } throws: { error in
            (error as? SyncError)?.message.contains("no 'entity_id' column") == true
        }
        #expect {
            try TruthEvaluation.labels(in: twice, labelColumn: "entity_id")
        } throws: { error in
            guard let error = error as? SyncError else { return false }
            return error.code == .invalidLabels && error.message.contains(":3: record crm/1 is labelled both")
        }
    }
}
