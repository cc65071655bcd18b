/// A scripted change made between runs by ``SandboxRecordStore/applyEdits(rate:seed:)``.
public struct SandboxEdit: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case updated
        case deleted
        /// Deleted as the loser of a merge into `survivor`.
        case merged(survivor: String)
    }

    public let object: String
    public let recordId: String
    public let kind: Kind
}
