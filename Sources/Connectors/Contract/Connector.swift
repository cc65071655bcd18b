import Foundation
import GoldenCore

/// A batch of raw records and the watermark to store once the batch is committed.
///
/// A file reader also sends the rows it could not read as records (``rejected``) in the batch where they fell, so
/// they are stored in the same transaction as the good rows around them and the watermark never passes a row that
/// was neither landed nor kept.
public struct RawRecordBatch: Sendable {
    public let records: [RawRecord]
    /// Moves only after landing commits this batch, so a killed run resumes from the last committed batch.
    public let watermark: String?
    /// Rows that could not become records, each kept whole with its reason.
    public let rejected: [RejectedRow]
    /// What the reader wants a person to know about the input (the encoding it guessed, and why).
    public let notices: [String]
    /// Rows left out unread because a live record's current version was landed from the same bytes
    /// (``LandedRowSkipping``): received, but nothing to land.
    public let skipped: Int

    public init(
        records: [RawRecord], watermark: String?, rejected: [RejectedRow] = [], notices: [String] = [], skipped: Int = 0
    ) {
        self.records = records
        self.watermark = watermark
        self.rejected = rejected
        self.notices = notices
        self.skipped = skipped
    }
}

/// A file source that can leave out the rows a live record was already landed from, before building them.
///
/// A file exported again with 1% of its rows changed is otherwise read, built into records, hashed and looked up
/// in full to find the 99% that landing already holds. Such a connector digests each row (``RowDigest``) and
/// skips a row whose digest is in the set of the source's live current versions, unless its key was already sent
/// in this pull. What it skips is exactly what landing would find unchanged.
public protocol LandedRowSkipping: Connector {
    /// ``Connector/pull(since:)``, leaving out rows whose digest is in `landed`. `landed` is called at most once,
    /// and only when there is something to read (a file whose watermark moved), before the first row.
    func pull(
        since watermark: String?, skipping landed: @escaping @Sendable () async throws -> LandedRowDigests
    ) -> AsyncThrowingStream<RawRecordBatch, any Error>
}

/// What a source answered for one pushed delta.
public enum PushOutcome: Sendable, Hashable {
    case accepted
    case rejected(code: String, message: String, fields: [String])
}

/// The contract every source implements: pull changed records since a watermark; push deltas where writable.
///
/// One configured source is one connector instance (two Salesforce orgs are two connectors with their own
/// credentials, mapping and watermark). Pulling yields batches so landing can commit and move the watermark batch
/// by batch; pushing reports success or failure per record, never all-or-nothing.
public protocol Connector: Sendable {
    /// The configured source name (`crm_a`, `acc_1c`).
    var source: String { get }

    /// Records changed since `watermark` (`nil`: everything), in batches.
    func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error>

    /// Delivers deltas keyed by source key; returns one outcome per key. Read-only sources throw
    /// ``ConnectorError/readOnly(source:)``.
    func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome]
}

/// The one error type of `Connectors`: it names the source and, where there is one, the page, file, line or record.
public struct ConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case readOnly = "connector.read_only"
        case malformedPage = "connector.malformed_page"
        case malformedRecord = "connector.malformed_record"
        case unauthorized = "connector.unauthorized"
        case rateLimited = "connector.rate_limited"
        case unavailable = "connector.unavailable"
        /// A write that is not safe to repeat got no clear answer: it may or may not have been applied, so it was
        /// not sent again. The record must be read back before deciding what still differs.
        case uncertainWrite = "connector.uncertain_write"
    }

    public let code: Code
    public let source: String
    public let location: String?
    public let message: String
    /// For a row a file reader refuses (`malformedRecord`): why, as a stable code to count and filter by.
    public let rowReason: RejectedRow.Reason?

    public init(
        _ code: Code, source: String, location: String? = nil, message: String, rowReason: RejectedRow.Reason? = nil
    ) {
        self.code = code
        self.source = source
        self.location = location
        self.message = message
        self.rowReason = rowReason
    }

    public static func readOnly(source: String) -> ConnectorError {
        ConnectorError(.readOnly, source: source, message: "source '\(source)' is read-only and never receives deltas")
    }

    public var description: String {
        "\(code.rawValue): \(source)\(location.map { " (\($0))" } ?? ""): \(message)"
    }
}

/// A source that can read given records by key, a whole batch in one request: what lets a push check, before it
/// writes, whether a record changed at the source after the pull its delta was computed from.
///
/// One requirement, apart from ``Connector``, because not every API has a batched read by id; a connector without
/// one pushes as before (its conflicts are caught by the next pull instead).
public protocol RecordReading: Sendable {
    /// The current state of the records with these keys (key → entity), as a pull would deliver them. A record the
    /// source no longer shows (deleted, unknown) is absent. Batched as the API allows.
    func read(_ keys: [String: RawRecord.Entity]) async throws -> [RawRecord]
}

extension RecordReading {
    /// The keys of `entity` in key order, `size` at most per chunk: one read request each.
    static func keyChunks(_ keys: [String: RawRecord.Entity], of entity: RawRecord.Entity, size: Int) -> [[String]] {
        let ids = keys.filter { $0.value == entity }.map(\.key).sorted()
        return stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
    }
}
