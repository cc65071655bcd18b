import Foundation
import GoldenStore
import Matching
import Survivorship

extension GoldenRecordJob {
    /// What a run reads, fingerprinted, against what the last completed run recorded.
    ///
    /// The fingerprint is taken under the identity lock before anything is read, so data landed while the run works
    /// makes the recorded fingerprint older than the store and the next run runs. The model part is recorded as the
    /// versions the run used (it may have trained one itself), so a run that trained is not repeated for that alone.
    struct RunInputs: Sendable {
        let inputs: String
        let models: [String: Int]
        let configuration: String
        let recorded: String?
        /// Active golden records flagged to be computed again.
        let toCompute: Int

        /// True when the last completed run read exactly this and no golden record waits to be computed again.
        var unchanged: Bool { toCompute == 0 && recorded == fingerprint(models: models) }

        static func read(from database: GoldenDatabase, configuration job: GoldenRecordJob) async throws -> RunInputs {
            let repository = GoldenRunInputsRepository(database: database)
            let (inputs, models, toCompute) = try await repository.current()
            return RunInputs(
                inputs: inputs, models: models, configuration: job.configurationDigest,
                recorded: try await repository.recorded(), toCompute: toCompute)
        }

        func fingerprint(models: [String: Int]) -> String {
            let versions = models.keys.sorted().map { "\($0)=\(models[$0]!)" }.joined(separator: ",")
            return "v1|\(configuration)|\(inputs)|models:\(versions)"
        }

        /// Records the fingerprint with the model versions the run used; an entity the run did not match (no live
        /// records) keeps the stored version it would have used.
        func record(modelsUsed: [MatchEntity: Int], runID: UUID?, in database: GoldenDatabase) async throws {
            var versions = models
            for (entity, version) in modelsUsed where version > 0 { versions[entity.rawValue] = version }
            try await GoldenRunInputsRepository(database: database).record(fingerprint(models: versions), runID: runID)
        }
    }

    /// A digest of the match and survivorship configuration: a changed `match.yaml` or `survivorship.yaml` makes
    /// the next run run.
    var configurationDigest: String {
        var digest = StableDigest()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let match = (try? encoder.encode(matchJob.engine.configuration)).map { String(decoding: $0, as: UTF8.self) }
        digest.add(match ?? "unencodable \(UUID())")
        digest.add(survivorship.fingerprint)
        return String(digest.value, radix: 16)
    }
}
