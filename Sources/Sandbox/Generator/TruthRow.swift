/// Ground truth: which real-world entity a source record describes.
///
/// Two records with the same `entityId` are the same customer; different ids are different customers, even
/// when names, phones or domains look alike (hard negatives, namesakes, branches).
public struct TruthRow: Sendable, Hashable, Codable {
    public var source: String
    public var sourceId: String
    public var entity: GeneratedEntityKind
    /// `O0000042` for organization 42; `P0000042-3` for the fourth contact person of organization 42.
    public var entityId: String
    /// The held-out error classes that touched this record (`NoiseProfile.heldOutClasses`); empty otherwise.
    public var errorClasses: GeneratedErrorClasses

    public init(
        source: String, sourceId: String, entity: GeneratedEntityKind, entityId: String,
        errorClasses: GeneratedErrorClasses = []
    ) {
        self.source = source
        self.sourceId = sourceId
        self.entity = entity
        self.entityId = entityId
        self.errorClasses = errorClasses
    }
}
