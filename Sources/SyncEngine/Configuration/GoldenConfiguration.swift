import Connectors
import Foundation

/// `golden.yaml`: the sources to sync, their schedules and the match thresholds.
///
/// Secrets never live here: a source names the environment variables that hold its credentials, and they are read
/// only when the connector is built.
public struct GoldenConfiguration: Sendable {
    public var sources: [SourceConfiguration]
    public var match: MatchSettings
    /// Default interval of `golden schedule` for sources without their own.
    public var scheduleInterval: Duration
    /// The file it came from; relative paths inside resolve against its folder.
    public var file: URL

    public struct MatchSettings: Sendable, Hashable {
        public var upperThreshold: Double = 0.95
        public var lowerThreshold: Double = 0.70
    }

    public func source(named name: String) -> SourceConfiguration? {
        sources.first { $0.name == name }
    }
}

/// One configured source instance: two Salesforce orgs are two of these.
public struct SourceConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case salesforce, hubspot, bitrix24, elma365
        case oneCXML = "1c-xml"
        case csv, xlsx

        /// Accounting and files never receive deltas.
        public var isReadOnly: Bool {
            switch self {
            case .oneCXML, .csv, .xlsx: return true
            case .salesforce, .hubspot, .bitrix24, .elma365: return false
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// A base URL for APIs, a file for csv/xlsx, a folder for 1C drops (absolute after loading).
    public var location: String
    public var mapping: SourceMapping
    /// Credential role → environment variable name (`token: SF_A_TOKEN`).
    public var credentials: [String: String]
    /// Sync every interval (`schedule: 15m`)…
    public var schedule: Duration?
    /// …or on a cron expression (`schedule: "0 2 * * *"`).
    public var cron: CronSchedule?
    /// For csv/xlsx: which entity a row is (the mapping may map both from one row).
    public var entities: [CanonicalField.Entity]
    /// Where a person opens one of this source's records in its own system, with `{key}` for the record's key
    /// (`record_url: https://acme.lightning.force.com/lightning/r/{key}/view`); the UI links members there.
    public var recordURL: String?

    public init(
        name: String, kind: Kind, location: String, mapping: SourceMapping, credentials: [String: String] = [:],
        schedule: Duration? = nil, cron: CronSchedule? = nil, entities: [CanonicalField.Entity],
        recordURL: String? = nil
    ) {
        self.recordURL = recordURL
        self.cron = cron
        self.name = name
        self.kind = kind
        self.location = location
        self.mapping = mapping
        self.credentials = credentials
        self.schedule = schedule
        self.entities = entities
    }

    /// The secret behind a credential role, read from the environment at the moment it is needed.
    ///
    /// - Throws: ``SyncError`` naming the source and the variable when it is not set.
    public func credential(_ role: String, environment: [String: String]) throws -> String {
        guard let variable = credentials[role] else {
            throw SyncError(.missingCredential, source: name, message: "golden.yaml names no '\(role)' credential")
        }
        guard let value = environment[variable], !value.isEmpty else {
            throw SyncError(
                .missingCredential, source: name, message: "environment variable \(variable) (\(role)) is not set")
        }
        return value
    }
}
