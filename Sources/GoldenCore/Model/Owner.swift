/// The responsible manager of a record inside one source.
///
/// Contacts are shared between sales and support, so each source keeps its own owner; the id is the source's
/// user id and is only meaningful together with the record's source.
public struct Owner: Sendable, Codable, Hashable {
    public var id: String
    public var name: String?

    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}
