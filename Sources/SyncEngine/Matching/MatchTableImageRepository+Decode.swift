import GoldenStore
import Matching

extension MatchTableImageRepository {
    /// The stored image of `entity`, decoded part by part as the parts arrive (``RecordTableImageDecoder``); `nil`
    /// when there is none, a part is missing or the bytes do not decode.
    public func image(entity: MatchEntity) async throws -> RecordTableImage? {
        var decoder = RecordTableImageDecoder()
        let whole = try await forEachPart(entity: entity.rawValue) { decoder.feed($0) }
        return whole ? decoder.finish() : nil
    }
}
