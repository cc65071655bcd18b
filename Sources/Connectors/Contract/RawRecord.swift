import Foundation
import GoldenCore

/// One record exactly as a source delivered it: the input of landing, kept verbatim in `raw_record_versions`.
///
/// The payload stays a JSON value (XML and CSV sources convert elements and columns to a flat or nested object) so
/// that mapping works the same for every source and the raw payload can always be shown to a steward.
public struct RawRecord: Sendable, Hashable {
    public enum Entity: String, Sendable, Hashable, Codable {
        case organization, person
    }

    public let source: String
    public let sourceKey: String
    public let entity: Entity
    public let modifiedAt: Date?
    public let deleted: Bool
    /// The key of the record this one was merged into by the source itself (Salesforce `MasterRecordId`).
    public let mergedIntoKey: String?
    public let payload: JSONValue
    /// Where the record came from inside its batch (file and line, page URL), for error messages.
    public let origin: String?
    /// The digest of the file row this record was built from (``RowDigest``), stored with its version so the next
    /// pull of the file can leave the row out unread when it comes again unchanged; `nil` for API records.
    public let rowDigest: RowDigest?

    public init(
        source: String, sourceKey: String, entity: Entity, modifiedAt: Date?, deleted: Bool = false,
        mergedIntoKey: String? = nil, payload: JSONValue, origin: String? = nil, rowDigest: RowDigest? = nil
    ) {
        self.source = source
        self.sourceKey = sourceKey
        self.entity = entity
        self.modifiedAt = modifiedAt
        self.deleted = deleted
        self.mergedIntoKey = mergedIntoKey
        self.payload = payload
        self.origin = origin
        self.rowDigest = rowDigest
    }
}
