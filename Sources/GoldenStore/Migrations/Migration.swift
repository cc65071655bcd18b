import Crypto
import Foundation

/// One versioned schema change, embedded in the binary so a deployed `golden` always carries the schema it expects.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// A digest of the SQL text: an applied migration whose text changed later is an error, not a silent drift.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The statements of this migration, one per query: the extended protocol rejects multi-statement strings.
    public var statements: [String] { SQLStatementSplitter.split(sql) }

    /// Every migration of this build, in order.
    public static let all: [Migration] = [
        schemaV1, landingWithoutRowChecks, payloadsAsJSONText, goldenIdentity, survivorship, rejectedRows,
        accessAndSearch, browserSessions, supersededQuarantine, supersededDeltasAndEchoes, versionLineage,
        searchKeysColumn, goldenRunInputs, versionCompression, matchTableImages, goldenWritesWithoutRowChecks,
        rowDigests, rowDigestIndex, xrefEntity, matchStates, liveRecordIndex, sourceFingerprints,
        landingChanges, versionEchoes,
    ]
}
