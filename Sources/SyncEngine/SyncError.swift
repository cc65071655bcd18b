/// The one error type of `SyncEngine`: a stable code, the source it concerns, and what to do about it.
public struct SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case missingCredential = "sync.missing_credential"
        case unsupportedSource = "sync.unsupported_source"
        case sourceFailed = "sync.source_failed"
        case locked = "sync.locked"
        /// A steward action names a record or golden record that does not exist, or cannot apply to it.
        case invalidStewardAction = "sync.invalid_steward_action"
        /// A labelled file for `golden evaluate` (truth or clusters) lacks a column or a row lacks a value.
        case invalidLabels = "sync.invalid_labels"
    }

    public let code: Code
    public let source: String?
    public let message: String

    public init(_ code: Code, source: String?, message: String) {
        self.code = code
        self.source = source
        self.message = message
    }

    public var description: String {
        "\(code.rawValue): \(source.map { "\($0): " } ?? "")\(message)"
    }
}
