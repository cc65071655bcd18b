import Connectors
import Foundation
import GoldenCore
import GoldenStore
import HTTPTypes
import Logging
import Matching
import SyncEngine

/// Search-before-create (`POST /api/v1/match`): which golden records one candidate record would join, with the
/// probability and the explanation a run would give, and nothing stored.
///
/// The candidate is standardized by the landing standardizers into the same match values landing stores, scored
/// with the same match configuration and the newest stored model, and compared by the same blocking rules and
/// comparisons, so a pair's probability and decision are the ones the next sync computes for it. What differs is
/// where candidates come from: a run blocks over every landed record, this reads the members of the golden records
/// that share a search key (a name word in either script, INN, OGRN, phone or e-mail) with the candidate, through
/// the search index, and then applies the blocking rules to those.
public struct MatchPreview: Sendable {
    /// Values as a list whether sent as one string or an array.
    struct Values: Decodable, Sendable {
        let values: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                values = [one]
            } else {
                values = try container.decode([String].self)
            }
        }
    }

    /// The candidate in canonical fields (the names of `golden_records.attributes`).
    struct Attributes: Decodable, Sendable {
        let legalName: String?
        let shortName: String?
        let legalForm: String?
        let inn: String?
        let kpp: String?
        let ogrn: String?
        let website: String?
        let name: String?
        let givenName: String?
        let middleName: String?
        let familyName: String?
        let birthDate: String?
        let jobTitle: String?
        let employerGoldenID: String?
        let phone: Values?
        let email: Values?
        let address: Values?

        enum CodingKeys: String, CodingKey {
            case inn, kpp, ogrn, website, name, phone, email, address
            case legalName = "legal_name", shortName = "short_name", legalForm = "legal_form"
            case givenName = "given_name", middleName = "middle_name", familyName = "family_name"
            case birthDate = "birth_date", jobTitle = "job_title", employerGoldenID = "employer_golden_id"
        }
    }

    struct Request: Decodable, Sendable {
        let entity: String
        /// The source asking (a CRM's name); matching treats it as that source's record. Default `api`.
        let source: String?
        let attributes: Attributes
        let limit: Int?
    }

    struct Match: Encodable, Sendable {
        let goldenID: String
        let probability: Double
        /// What the next run would do with the pair: `link`, `review` or `no_link`.
        let decision: String
        /// The member the candidate scored best against, `SOURCE:KEY`.
        let bestRecord: String
        let explanation: JSONValue

        enum CodingKeys: String, CodingKey {
            case probability, decision, explanation
            case goldenID = "golden_id", bestRecord = "best_record"
        }
    }

    struct Result: Encodable, Sendable {
        let entity: String
        let modelVersion: Int
        /// Golden records read as candidates (sharing a search key) and their members compared.
        let goldenConsidered: Int
        let recordsCompared: Int
        let matches: [Match]

        enum CodingKeys: String, CodingKey {
            case entity, matches
            case modelVersion = "model_version", goldenConsidered = "golden_considered"
            case recordsCompared = "records_compared"
        }
    }

    /// The id the candidate has in the match table and in explanations.
    static let candidateKey = "search-before-create"

    /// Decoded models by entity and version: a model carries its term-frequency tables (one entry per distinct
    /// value), so decoding it costs far more than scoring; a new version (a run retrained) replaces the entry.
    ///
    /// One load per version: requests that arrive while it is loading wait for it rather than each decoding the
    /// model again (which, at 200 requests/s, kept both cores decoding and timed every request out).
    actor ModelCache {
        private var ready: [MatchEntity: (version: Int, model: MatchModel)] = [:]
        /// Requests waiting for a load in flight, by entity and version.
        private var waiting: [String: [CheckedContinuation<MatchModel, any Error>]] = [:]

        func model(
            _ entity: MatchEntity, version: Int, load: @Sendable () async throws -> MatchModel
        ) async throws -> MatchModel {
            if let cached = ready[entity], cached.version == version { return cached.model }
            let key = "\(entity.rawValue)/\(version)"
            if waiting[key] != nil {
                return try await withCheckedThrowingContinuation { waiting[key, default: []].append($0) }
            }
            waiting[key] = []
            do {
                let model = try await load()
                for waiter in waiting.removeValue(forKey: key) ?? [] { waiter.resume(returning: model) }
                if (ready[entity]?.version ?? Int.min) <= version { ready[entity] = (version, model) }
                return model
            } catch {
                for waiter in waiting.removeValue(forKey: key) ?? [] { waiter.resume(throwing: error) }
                throw error
            }
        }
    }

    let database: GoldenDatabase
    let cache = ModelCache()
    let standardizer: RecordStandardizer
    let engine: MatchEngine
    let reads: StewardReadRepository
    let logger: Logger

    public init(
        database: GoldenDatabase, standardizer: RecordStandardizer, configuration: MatchConfiguration, logger: Logger
    ) {
        self.database = database
        self.standardizer = standardizer
        self.engine = MatchEngine(configuration: configuration)
        self.reads = StewardReadRepository(database: database)
        self.logger = logger
    }

    func match(_ request: Request) async throws -> Result {
        guard let entity = MatchEntity(rawValue: request.entity) else {
            throw APIError.invalid("entity", "entity is organization or person")
        }
        let source = request.source ?? "api"
        guard !source.isEmpty, source.count <= 63 else { throw APIError.invalid("source", "source is a source's name") }
        let limit = request.limit ?? 10
        guard (1...50).contains(limit) else { throw APIError.invalid("limit", "limit is from 1 to 50") }
        let attributes = request.attributes
        if let employer = attributes.employerGoldenID, UUID(uuidString: employer) == nil {
            throw APIError.invalid("attributes.employer_golden_id", "employer_golden_id is a golden record's id")
        }
        let party = try Self.party(entity, attributes)
        guard let version = try await reads.latestModelVersion(entity: entity.rawValue) else {
            throw APIError(
                .conflict, code: "no_model", "no \(entity.rawValue) match model is stored yet: run golden sync first")
        }
        let database = database
        let model = try await cache.model(entity, version: version) {
            guard let stored = try await MatchModelRepository(database: database).load(entity: entity.rawValue, version: version)
            else { throw APIError(.conflict, code: "no_model", "match model \(version) is gone") }
            return try JSONDecoder().decode(MatchModel.self, from: Data(stored.parametersJSON.utf8))
        }
        guard model.fits(engine.configuration[entity]) else {
            throw APIError(
                .conflict, code: "no_model",
                "the stored \(entity.rawValue) match model was trained for other comparisons: run golden train")
        }

        let standardized = standardizer.standardize(
            RawSourceRecord(ref: SourceRecordRef(source: source, id: Self.candidateKey), modifiedAt: Date(), party: party))
        let candidateID = MatchJob.recordID(source: source, key: Self.candidateKey)
        var builder = engine.tableBuilder(for: entity)
        builder.append(
            contentsOf: CollectionOfOne(
                MatchRecord(
                    stored: MatchRecord.storedValues(of: standardized.record), id: candidateID, source: source,
                    entity: entity, employerCluster: attributes.employerGoldenID?.lowercased())))

        let golden = try await reads.goldenSharingKeys(
            documentJSON: try Self.searchDocument(StoredPartyDocument(standardized.record.party)),
            entity: entity.rawValue, limit: 100)
        let members = try await reads.matchInputs(goldenIDs: golden)
        var decoded: [(StewardReadRepository.MatchInput, [MatchAttribute: [String]])] = []
        for member in members {
            guard let text = member.matchValues, let values = StoredMatchValues.decode(text) else { continue }
            decoded.append((member, values))
        }
        // A person's employer compares by the employer's golden record, on both sides.
        var employers: [UUID: UUID] = [:]
        if entity == .person {
            let refs = decoded.compactMap { $0.1[.employerRef]?.first }.compactMap(Self.sourceRecordID)
            employers = try await reads.currentGolden(of: refs)
        }
        var goldenOfRow: [String: (UUID, String)] = [:]
        for (member, values) in decoded {
            let id = MatchJob.recordID(source: member.source, key: member.sourceKey)
            let employer = values[.employerRef]?.first.flatMap(Self.sourceRecordID).flatMap { employers[$0] }
            builder.append(
                contentsOf: CollectionOfOne(
                    MatchRecord(
                        stored: values, id: id, source: member.source, entity: entity,
                        employerCluster: employer?.lowercasedText)))
            goldenOfRow[id] = (member.goldenID, "\(member.source):\(member.sourceKey)")
        }
        let table = builder.build()
        let result = await engine.match(table, model: model, decisions: [], workers: 1)

        var best: [UUID: (probability: Double, decision: MatchDecision, record: String, pair: Int)] = [:]
        let pairs = result.scored.pairs
        for index in 0..<result.scored.count {
            let (left, right) = (Int(pairs.left[index]), Int(pairs.right[index]))
            guard left == 0 || right == 0 else { continue }
            let other = table.ids[left == 0 ? right : left]
            guard let (goldenID, record) = goldenOfRow[other] else { continue }
            let probability = result.scored.probability(index)
            if probability > best[goldenID]?.probability ?? -1 {
                best[goldenID] = (probability, result.scored.decisions[index], record, index)
            }
        }
        let ranked = best.sorted { $0.value.probability != $1.value.probability ? $0.value.probability > $1.value.probability : $0.key.uuidString < $1.key.uuidString }
        let encoder = JSONEncoder()
        var matches: [Match] = []
        for (goldenID, found) in ranked.prefix(limit) {
            let explanation = String(decoding: try encoder.encode(result.explain(pair: found.pair)), as: UTF8.self)
            matches.append(
                Match(
                    goldenID: goldenID.lowercasedText, probability: found.probability, decision: found.decision.rawValue,
                    bestRecord: found.record, explanation: JSONValue(parsing: explanation)))
        }
        return Result(
            entity: entity.rawValue, modelVersion: version, goldenConsidered: golden.count,
            recordsCompared: decoded.count, matches: matches)
    }

    /// `source/key` (an employer reference as landing stores it) → the source record id.
    static func sourceRecordID(_ ref: String) -> UUID? {
        guard let slash = ref.firstIndex(of: "/") else { return nil }
        return GoldenIdentifiers.sourceRecordID(
            source: String(ref[..<slash]), key: String(ref[ref.index(after: slash)...]))
    }

    static func party(_ entity: MatchEntity, _ a: Attributes) throws -> RawParty {
        let phones = a.phone?.values ?? []
        let emails = a.email?.values ?? []
        let addresses = a.address?.values ?? []
        switch entity {
        case .organization:
            guard [a.legalName, a.shortName, a.inn, a.ogrn].contains(where: { $0?.isEmpty == false }) || !phones.isEmpty
                || !emails.isEmpty
            else { throw APIError.invalid("attributes", "give at least a legal_name, inn, ogrn, phone or email") }
            return .organization(
                RawOrganization(
                    legalName: a.legalName, shortName: a.shortName, legalForm: a.legalForm, inn: a.inn, kpp: a.kpp,
                    ogrn: a.ogrn, addresses: addresses, phones: phones, emails: emails, website: a.website))
        case .person:
            guard [a.name, a.familyName].contains(where: { $0?.isEmpty == false }) || !phones.isEmpty || !emails.isEmpty
            else { throw APIError.invalid("attributes", "give at least a name, family_name, phone or email") }
            return .person(
                RawPerson(
                    fullName: a.name, givenName: a.givenName, middleName: a.middleName, familyName: a.familyName,
                    birthDate: a.birthDate, jobTitle: a.jobTitle, phones: phones, emails: emails,
                    addresses: addresses))
        }
    }

    /// The candidate as a golden-shaped document of its standardized values (as survivorship writes them), for
    /// `golden_search_keys` on the query side.
    static func searchDocument(_ stored: StoredPartyDocument) throws -> String {
        var document: [String: Any] = [:]
        func put(_ key: String, _ value: StoredPartyDocument.Value?) {
            if let value, let clean = value.value ?? Optional(value.raw), !clean.isEmpty { document[key] = clean }
        }
        put("legal_name", stored.legalName)
        put("short_name", stored.shortName)
        put("name", stored.name)
        put("inn", stored.inn)
        put("ogrn", stored.ogrn)
        let phones = (stored.phones ?? []).compactMap { $0.value }
        if !phones.isEmpty { document["phone"] = phones }
        let emails = (stored.emails ?? []).compactMap { $0.value }
        if !emails.isEmpty { document["email"] = emails }
        return String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
    }
}
