/// A standardized source record and the values it sent to quarantine.
public struct StandardizedRecord: Sendable, Hashable {
    public var record: SourceRecord
    public var quarantine: [QuarantineEntry]

    public init(record: SourceRecord, quarantine: [QuarantineEntry]) {
        self.record = record
        self.quarantine = quarantine
    }
}
