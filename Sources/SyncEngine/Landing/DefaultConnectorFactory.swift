import Connectors
import Foundation

/// The connectors this build knows, by source kind.
///
/// File kinds read the key and modification columns from the source's mapping, so a mapping file is the one place
/// that says how a file's rows are identified. CRM kinds arrive with the Connectors issue; until then a source of
/// such a kind fails by name and the others still land.
public struct DefaultConnectorFactory: ConnectorFactory {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func makeConnector(for source: SourceConfiguration) throws -> any Connector {
        switch source.kind {
        case .csv, .xlsx:
            return try TabularFileConnector(source: source)
        case .oneCXML:
            return OneCFolderConnector(source: source.name, folder: URL(fileURLWithPath: source.location))
        case .salesforce, .hubspot, .bitrix24, .elma365:
            throw SyncError(
                .unsupportedSource, source: source.name,
                message: "the \(source.kind.rawValue) connector is not in this build yet")
        }
    }
}

/// A CSV or XLSX file that may carry several entities per row (a sign-up sheet: a person and their company):
/// one pass per mapped entity, each keyed by that entity's id column.
struct TabularFileConnector: Connector {
    let source: String
    let parts: [any Connector]

    init(source configuration: SourceConfiguration) throws {
        source = configuration.name
        let url = URL(fileURLWithPath: configuration.location)
        parts = try configuration.entities.map { entity in
            guard let mapping = configuration.mapping.entities[entity] else {
                throw SyncError(
                    .unsupportedSource, source: configuration.name, message: "the mapping has no \(entity.rawValue)")
            }
            let rawEntity: RawRecord.Entity = entity == .organization ? .organization : .person
            let key = mapping.idPath.description
            let modified = mapping.modifiedAtPath?.description
            switch configuration.kind {
            case .xlsx:
                return XLSXFileConnector(
                    source: configuration.name, url: url, sheet: mapping.options["sheet"], entity: rawEntity,
                    keyColumn: key, modifiedAtColumn: modified)
            default:
                return CSVFileConnector(
                    source: configuration.name, url: url, entity: rawEntity, keyColumn: key, modifiedAtColumn: modified)
            }
        }
    }

    /// Parts run one after the other; the watermark of the file (its digest) is stored after the last part, so a
    /// run killed between parts reads the file again next time (unchanged rows are no-ops).
    func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        let sequence = ConcatenatedPull(parts: parts, watermark: watermark)
        return AsyncThrowingStream { try await sequence.next() }
    }

    func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }
}

/// Pulls several connectors in order as one stream, without a detached task: each `next()` advances the current
/// part and only the last part's batches carry a watermark.
actor ConcatenatedPull {
    let parts: [any Connector]
    let watermark: String?
    private var index = 0
    private var iterator: AsyncThrowingStream<RawRecordBatch, any Error>.AsyncIterator?

    init(parts: [any Connector], watermark: String?) {
        self.parts = parts
        self.watermark = watermark
    }

    func next() async throws -> RawRecordBatch? {
        while index < parts.count {
            var current = iterator ?? parts[index].pull(since: watermark).makeAsyncIterator()
            let batch = try await current.next(isolation: self)
            iterator = current
            if let batch {
                let isLast = index == parts.count - 1
                return RawRecordBatch(records: batch.records, watermark: isLast ? batch.watermark : nil)
            }
            iterator = nil
            index += 1
        }
        return nil
    }
}
