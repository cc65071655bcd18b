import Foundation

/// A batch of raw records and the watermark to store once the batch is committed.
public struct RawRecordBatch: Sendable {
    public let records: [RawRecord]
    /// Moves only after landing commits this batch, so a killed run resumes from the last committed batch.
    public let watermark: String?

    public init(records: [RawRecord], watermark: String?) {
        self.records = records
        self.watermark = watermark
    }
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
    }

    public let code: Code
    public let source: String
    public let location: String?
    public let message: String

    public init(_ code: Code, source: String, location: String? = nil, message: String) {
        self.code = code
        self.source = source
        self.location = location
        self.message = message
    }

    public static func readOnly(source: String) -> ConnectorError {
        ConnectorError(.readOnly, source: source, message: "source '\(source)' is read-only and never receives deltas")
    }

    public var description: String {
        "\(code.rawValue): \(source)\(location.map { " (\($0))" } ?? ""): \(message)"
    }
}
