/// A record as a sandbox server holds it: the generated payload plus the envelope the server filters on.
public struct SandboxRecord: Sendable, Hashable {
    public let id: String
    /// The API's object name (`Account`, `contacts`).
    public let object: String
    /// Milliseconds since 1970: what incremental filters compare against.
    public var modifiedAt: Int64
    public var deleted: Bool
    /// The payload exactly as the API returns it, field names and value shapes included.
    public var payload: [String: GeneratedValue]
}
