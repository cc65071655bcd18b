import Connectors
import Foundation
import GoldenCore
import GoldenStore
import GoldenTestSupport
import Matching
import SyncEngine
import Testing

@Suite("Learning from stewards", .database)
struct LearningFromDecisionsTests {
    @Test("train with decisions learns from approved pairs no later reject or split undid, and stores the model")
    func learnsFromApprovedPairs() async throws {
        let h = IdentityHarness(db: try TestDatabase.require, export: try AccountExport())
        for (index, name) in ["ООО Альфа", "Альфа ООО", "ООО Бета", "Бета", "ООО Гамма", "Гамма Плюс"].enumerated() {
            h.export.set(.init(id: "r\(index)", name: name, inn: companyINN(770_500_000 + index), kpp: "770101001"))
        }
        // r6 and r7 share INN and KPP, so they start in one golden record.
        for key in ["r6", "r7"] {
            h.export.set(.init(id: key, name: "ООО Дельта", inn: companyINN(770_500_010), kpp: "770101001"))
        }
        try await h.sync()
        // Approved and still standing: r2 ~ r3. Approved, then rejected by a later decision: r4 ~ r5.
        _ = try await h.actions.decide(.approve, h.ref("r2"), h.ref("r3"), reason: "one company", actor: "anna")
        _ = try await h.actions.decide(.approve, h.ref("r4"), h.ref("r5"), reason: "looked alike", actor: "anna")
        _ = try await h.actions.decide(.reject, h.ref("r4"), h.ref("r5"), reason: "two companies", actor: "boris")
        // Approved, then split apart by a later decision: not a label either.
        _ = try await h.actions.decide(.approve, h.ref("r6"), h.ref("r7"), reason: "one company", actor: "anna")
        let delta = try #require(try await h.golden("r6"))
        _ = try await h.actions.split(golden: delta, records: [h.ref("r7")], reason: "a branch", actor: "boris")
        let job = MatchJob(
            database: h.db.database,
            standardizer: RecordStandardizer(
                standardizers: try ReferenceData.standardizers(
                    mappingsDirectory: repositoryRoot.appendingPathComponent("mappings"))),
            logger: h.db.logger)
        let plain = try await job.run(entities: [.organization], retrain: true)
        let learned = try await job.run(entities: [.organization], retrain: true, learning: 20)
        #expect(plain.first?.labeledPairs == 0)
        #expect(learned.first?.labeledPairs == 1, "only the pair whose latest decision links it")
        let stored = try #require(try await MatchModelRepository(database: h.db.database).load(entity: "organization"))
        #expect(stored.version == learned.first?.modelVersion, "the learned model is the newest version")
        #expect(stored.version > (plain.first?.modelVersion ?? .max))
    }
}
