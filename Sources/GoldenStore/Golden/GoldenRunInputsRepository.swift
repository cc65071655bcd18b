import Foundation
import PostgresNIO

/// The fingerprint of everything a golden run reads from the store, and the one the last completed run recorded.
///
/// A golden run's result is a function of the live source records (each at its version), the steward's and
/// finance's actions, the golden records flagged to be computed again, the stored match models, and the
/// configuration. When none of these changed since the last completed run, a run would write nothing; the fingerprint
/// lets it know that after one pass over narrow columns instead of reading and matching every record.
public struct GoldenRunInputsRepository: Sendable {
    let database: GoldenDatabase

    public init(database: GoldenDatabase) {
        self.database = database
    }

    /// The store's side of the fingerprint, read in one snapshot: the inputs; apart from them the newest stored model
    /// version of each entity (a run records the versions it used, which may be ones it trained itself); and the
    /// number of active golden records waiting to be computed again, which a run consumes rather than reads (any
    /// such record means the next run must run).
    ///
    /// Source records count by (id, version) through a 64-bit hash per record combined with XOR: ids are unique, so
    /// no two terms cancel, and any change of the live set (a new version, a new record, a deletion) changes the
    /// digest except with probability 2^-64. The hash is the uuid's own, seeded by the version (the function hash
    /// partitioning uses). Landing keeps those terms per source and entity as it writes (`source_fingerprints`), so
    /// this reads a few rows instead of scanning every live record. People's actions count through the audit log,
    /// which every decision, override, confirmation and accepted proposal writes. Golden records to compute again (a
    /// push conflict, a confirmation, an accepted proposal) are counted through the partial index of
    /// `survived_input IS NULL`.
    public func current() async throws -> (inputs: String, models: [String: Int], toCompute: Int) {
        let rows = try await database.client.query(
            """
            SELECT concat_ws('|',
                (SELECT string_agg(entity || ':' || n || ':' || x, ',' ORDER BY entity) FROM (
                    SELECT entity, sum(live) AS n, bit_xor(digest) AS x
                    FROM source_fingerprints GROUP BY entity HAVING sum(live) > 0) AS live),
                (SELECT 'audit:' || count(*) || ':' || coalesce(bit_xor(hashtextextended(audit_id::text, 7)), 0)
                 FROM audit_log),
                (SELECT 'decisions:' || count(*) || ':' || count(revoked_at) FROM steward_decisions)),
                (SELECT count(*) FROM golden_records WHERE survived_input IS NULL AND state = 'active')
            """, logger: database.logger)
        var inputs = ""
        var toCompute = 0
        for try await (text, count) in rows.decode((String, Int).self) { (inputs, toCompute) = (text, count) }
        let models = try await database.client.query(
            "SELECT entity, max(version) FROM match_models GROUP BY entity", logger: database.logger)
        var versions: [String: Int] = [:]
        for try await (entity, version) in models.decode((String, Int).self) { versions[entity] = version }
        return (inputs, versions, toCompute)
    }

    /// The fingerprint the last completed run recorded, `nil` before the first.
    public func recorded() async throws -> String? {
        let rows = try await database.client.query(
            "SELECT fingerprint FROM golden_run_inputs WHERE scope = 'golden_run'", logger: database.logger)
        for try await text in rows.decode(String.self) { return text }
        return nil
    }

    /// Records what a completed run read.
    public func record(_ fingerprint: String, runID: UUID?) async throws {
        try await database.client.query(
            """
            INSERT INTO golden_run_inputs (scope, fingerprint, run_id) VALUES ('golden_run', \(fingerprint), \(runID))
            ON CONFLICT (scope) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, run_id = EXCLUDED.run_id, recorded_at = EXCLUDED.recorded_at
            """, logger: database.logger)
    }
}
