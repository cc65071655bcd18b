/// One record of one write request as a sandbox server received it, with what it answered.
public struct SandboxWrite: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case applied
        /// Refused with the vendor's code (injected failure, unknown field, unknown id).
        case failed(code: String)
    }

    /// The write request's number over the server's life (from 1).
    public let request: Int
    public let object: String
    public let recordId: String
    public let fields: [String: GeneratedValue]
    public let outcome: Outcome
}
