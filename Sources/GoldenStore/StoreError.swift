/// The one error type of `GoldenStore`: a stable code plus the context a user can act on.
///
/// Like `PSQLError`, the description never carries SQL or server internals; those go to the log.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }

        /// `DATABASE_URL` (or `--database-url`) is missing or cannot be read.
        public static let invalidDatabaseURL = Code(raw: "store.invalid_database_url")
        /// The database could not be reached or refused the credentials.
        public static let connectionFailed = Code(raw: "store.connection_failed")
        /// A migration failed; the database stays at the last version that applied fully.
        public static let migrationFailed = Code(raw: "store.migration_failed")
        /// An applied migration's text differs from the one in this build.
        public static let migrationChecksumMismatch = Code(raw: "store.migration_checksum_mismatch")
        /// The database is at a schema version newer than this build knows.
        public static let schemaTooNew = Code(raw: "store.schema_too_new")
        /// A landing batch names a source that is not registered, or holds a record of another source.
        public static let invalidLandingBatch = Code(raw: "store.invalid_landing_batch")
        /// A steward decision is incomplete or names something that does not exist.
        public static let invalidDecision = Code(raw: "store.invalid_decision")
        /// `migrate --citus` ran against a database without the citus extension, or not on the coordinator.
        public static let citusUnavailable = Code(raw: "store.citus_unavailable")
        /// The migrated schema breaks a rule of the distribution plan; nothing was distributed.
        public static let distributionPlanViolated = Code(raw: "store.distribution_plan_violated")
        /// A table is already placed on the cluster differently from the plan; nothing is guessed.
        public static let distributionConflict = Code(raw: "store.distribution_conflict")
        /// The application role to grant does not exist, or owns the tables (an owner bypasses the grants).
        public static let invalidApplicationRole = Code(raw: "store.invalid_application_role")
        /// A golden write names a source record that is not in the store (or not of the source it names); nothing of
        /// the write is kept.
        public static let unknownSourceRecord = Code(raw: "store.unknown_source_record")
        /// A schema name that is not a plain lowercase identifier (schema names cannot be bound parameters).
        public static let invalidSchemaName = Code(raw: "store.invalid_schema_name")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
