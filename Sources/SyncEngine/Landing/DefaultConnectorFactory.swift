import Connectors
import Foundation
import GoldenCore

/// The connectors this build knows, by source kind.
///
/// File kinds read the key and modification columns from the source's mapping, so a mapping file is the one place
/// that says how a file's rows are identified. API kinds get their base URL from `location` and their bearer token from
/// the `token` credential (Bitrix24: the webhook secret, `location` being `https://<portal>/rest/<user id>`).
public struct DefaultConnectorFactory: ConnectorFactory {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func makeConnector(for source: SourceConfiguration) throws -> any Connector {
        switch source.kind {
        case .csv, .xlsx:
            return try TabularFileConnector.make(source: source)
        case .oneCXML:
            // A drop folder is read file after file; a single file (`golden import acc_1c.xml`) is read alone.
            var isDirectory: ObjCBool = false
            let url = URL(fileURLWithPath: source.location)
            if FileManager.default.fileExists(atPath: source.location, isDirectory: &isDirectory), !isDirectory.boolValue {
                return OneCFolderConnector(source: source.name, file: url)
            }
            return OneCFolderConnector(source: source.name, folder: url)
        case .salesforce:
            let http = SourceHTTPClient(
                source: source.name, baseURL: source.location,
                token: try source.credential("token", environment: environment))
            return SalesforceConnector(source: source.name, mapping: source.mapping, http: http)
        case .hubspot:
            let http = SourceHTTPClient(
                source: source.name, baseURL: source.location,
                token: try source.credential("token", environment: environment))
            return HubSpotConnector(source: source.name, mapping: source.mapping, http: http)
        case .bitrix24:
            // `location` is the webhook's REST base (`https://<portal>/rest/<user id>`); the token is its secret,
            // which travels in the URL path, not in a header.
            let http = SourceHTTPClient(
                source: source.name, baseURL: source.location,
                token: try source.credential("token", environment: environment), sendsBearerToken: false)
            return Bitrix24Connector(source: source.name, mapping: source.mapping, http: http)
        case .elma365:
            let http = SourceHTTPClient(
                source: source.name, baseURL: source.location,
                token: try source.credential("token", environment: environment))
            return ELMA365Connector(source: source.name, mapping: source.mapping, http: http)
        }
    }
}

/// A CSV or XLSX file that may carry several entities per row (a sign-up sheet: a person and their company):
/// one pass per mapped entity, each keyed by that entity's id column.
enum TabularFileConnector {
    static func make(source configuration: SourceConfiguration) throws -> MultiPartConnector {
        let url = URL(fileURLWithPath: configuration.location)
        // Each mapped entity is one pass over the file; a row that cannot be read is kept by the first pass only.
        let parts: [any Connector] = try configuration.entities.enumerated().map { index, entity in
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
                    keyColumn: key, modifiedAtColumn: modified, keepsUnreadableRows: index == 0)
            default:
                return CSVFileConnector(
                    source: configuration.name, url: url, entity: rawEntity, keyColumn: key, modifiedAtColumn: modified,
                    limits: try quoteLimits(mapping.options, source: configuration.name),
                    keepsUnreadableRows: index == 0)
            }
        }
        return MultiPartConnector(source: configuration.name, parts: parts)
    }
}

/// How far an unclosed quote may run in a CSV source: mapping options `quoted_lines` and `quoted_bytes` (defaults
/// 1,000 lines and 1 MiB).
func quoteLimits(_ options: [String: String], source: String) throws -> CSVReader.Limits {
    func positive(_ name: String) throws -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text), value > 0 else {
            throw SyncError(
                .unsupportedSource, source: source, message: "mapping option '\(name)' must be a positive integer, not '\(text)'")
        }
        return value
    }
    let defaults = CSVReader.Limits.default
    return CSVReader.Limits(
        quotedLines: try positive("quoted_lines") ?? defaults.quotedLines,
        quotedBytes: try positive("quoted_bytes") ?? defaults.quotedBytes)
}

/// Several connectors of one source pulled in order as one (the entities of one file, or one file per object),
/// each resuming from its own progress.
///
/// The source has one stored watermark; with several parts it is a JSON array holding each part's own watermark,
/// updated as each part's batches commit. A part whose stored entry is missing starts from scratch.
public struct MultiPartConnector: LandedRowSkipping {
    public let source: String
    let parts: [any Connector]

    public init(source: String, parts: [any Connector]) {
        self.source = source
        self.parts = parts
    }

    public func pull(since watermark: String?) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        if parts.count == 1 { return parts[0].pull(since: watermark) }
        let sequence = ConcatenatedPull(parts: parts, watermarks: Self.decode(watermark, parts: parts.count))
        return AsyncThrowingStream { try await sequence.next() }
    }

    /// A single part skips what it can. Several parts (the entities of one sign-up sheet) read everything: a later
    /// pass could otherwise skip a key an earlier pass of the same pull just wrote, which the digests read at the
    /// start of that pass may or may not know yet.
    public func pull(
        since watermark: String?, skipping landed: @escaping @Sendable () async throws -> LandedRowDigests
    ) -> AsyncThrowingStream<RawRecordBatch, any Error> {
        if parts.count == 1, let part = parts[0] as? any LandedRowSkipping {
            return part.pull(since: watermark, skipping: landed)
        }
        return pull(since: watermark)
    }

    /// Writes go to the part that accepts them; file parts are read-only, so this reports that.
    public func push(_ deltas: [String: JSONValue]) async throws -> [String: PushOutcome] {
        throw ConnectorError.readOnly(source: source)
    }

    static func decode(_ watermark: String?, parts: Int) -> [String?] {
        guard let watermark, let data = watermark.data(using: .utf8),
            let decoded = try? JSONDecoder().decode([String?].self, from: data), decoded.count == parts
        else { return Array(repeating: nil, count: parts) }
        return decoded
    }

    static func encode(_ watermarks: [String?]) -> String {
        (try? JSONEncoder().encode(watermarks)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}

/// Pulls the parts in order without a detached task: each `next()` advances the current part.
actor ConcatenatedPull {
    let parts: [any Connector]
    private var watermarks: [String?]
    private var index = 0
    private var iterator: AsyncThrowingStream<RawRecordBatch, any Error>.AsyncIterator?

    init(parts: [any Connector], watermarks: [String?]) {
        self.parts = parts
        self.watermarks = watermarks
    }

    func next() async throws -> RawRecordBatch? {
        while index < parts.count {
            var current = iterator ?? parts[index].pull(since: watermarks[index]).makeAsyncIterator()
            let batch = try await current.next(isolation: self)
            iterator = current
            if let batch {
                var moved = false
                if let watermark = batch.watermark, watermark != watermarks[index] {
                    watermarks[index] = watermark
                    moved = true
                }
                return RawRecordBatch(
                    records: batch.records, watermark: moved ? MultiPartConnector.encode(watermarks) : nil,
                    rejected: batch.rejected, notices: batch.notices, skipped: batch.skipped)
            }
            iterator = nil
            index += 1
        }
        return nil
    }
}
