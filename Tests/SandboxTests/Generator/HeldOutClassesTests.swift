import Foundation
import Testing
@testable import Sandbox

/// The held-out profile makes every error class of data held out from us, the truth names them, and the standard
/// profile makes none of them.
@Suite struct HeldOutClassesTests {
    static let configuration = GeneratorConfiguration(records: 20_000, seed: 5, noise: .heldOutClasses)
    static let dataset = DatasetGenerator(configuration).generate()
    static let records: [GeneratedRecord] = Array(dataset.allRecords)
    static let truth: [TruthRow] = Array(dataset.truth)
    static let factory = MasterDataFactory(seed: configuration.seed, noise: configuration.noise)

    private static func count(_ errorClass: GeneratedErrorClass) -> Int {
        truth.filter { $0.errorClasses.contains(errorClass) }.count
    }

    /// (organization index, ordinal) of a `P0000042-3` entity id.
    private static func personKey(_ entityId: String) -> (Int, Int)? {
        let parts = entityId.dropFirst().split(separator: "-")
        guard parts.count == 2, let org = Int(parts[0]), let ordinal = Int(parts[1]) else { return nil }
        return (org, ordinal)
    }

    @Test func everyClassTouchesRecordsAndTheTruthAgreesWithTheRecords() {
        for errorClass in GeneratedErrorClass.allCases {
            #expect(Self.count(errorClass) >= 5, "\(errorClass.name): \(Self.count(errorClass)) records")
        }
        #expect(Self.records.count == Self.truth.count)
        for (record, row) in zip(Self.records, Self.truth) where record.errorClasses != row.errorClasses {
            Issue.record("\(row.source)/\(row.sourceId): record \(record.errorClasses) truth \(row.errorClasses)")
            break
        }
    }

    @Test func standardProfileTagsNothing() {
        let dataset = DatasetGenerator(GeneratorConfiguration(records: 5_000, seed: 5)).generate()
        #expect(!NoiseProfile.standard.hasHeldOutClasses)
        #expect(dataset.truth.allSatisfy { $0.errorClasses.isEmpty })
        #expect(dataset.allRecords.allSatisfy { $0.errorClasses.isEmpty })
    }

    /// The pool is per neighbourhood of organizations, so an address is shared by a few persons, never by many.
    @Test func aSharedFreeMailAddressBelongsToAFewPersons() throws {
        var owners: [String: Set<String>] = [:]
        for row in Self.truth where row.errorClasses.contains(.sharedFreeMail) {
            let (org, ordinal) = try #require(Self.personKey(row.entityId))
            let person = Self.factory.person(of: Self.factory.organization(org), ordinal: ordinal)
            let address = try #require(person.freeMail)
            owners[address, default: []].insert(row.entityId)
        }
        let shared = owners.values.filter { $0.count >= 2 }
        #expect(shared.count >= 3, "\(shared.count) shared of \(owners.count) addresses")
        #expect(owners.values.allSatisfy { $0.count <= 8 }, "\(owners.values.map(\.count).max() ?? 0)")
    }

    @Test func namesakeColleaguesShareTheFirstContactsFamilyNameNotTheGivenName() throws {
        var checked = 0
        for row in Self.truth where row.entity == .person
            && (row.errorClasses.contains(.sameSurnameColleague) || row.errorClasses.contains(.sharedInitial))
        {
            let (org, ordinal) = try #require(Self.personKey(row.entityId))
            let employer = Self.factory.organization(org)
            let person = Self.factory.person(of: employer, ordinal: ordinal)
            let first = Self.factory.person(of: employer, ordinal: 0)
            #expect(ordinal > 0)
            #expect(person.familyLatin == first.familyLatin)
            #expect(person.givenLatin != first.givenLatin)
            #expect(person.officeExtension != nil && person.officeExtension != first.officeExtension)
            if row.errorClasses.contains(.sharedInitial) {
                #expect(person.givenCyrillic.first == first.givenCyrillic.first)
            }
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test func groupCompaniesAndNamesakesAreOtherEntitiesThatLookAlike() {
        var groups = 0
        var namesakes = 0
        for index in 0..<Self.dataset.organizationCount {
            let org = Self.factory.organization(index)
            switch org.role {
            case .group(let parentIndex):
                let parent = Self.factory.organization(parentIndex)
                #expect(org.domain == parent.domain && org.phone == parent.phone)
                #expect(org.inn != parent.inn && org.coreCyrillic != parent.coreCyrillic)
                groups += 1
            case .namesake(let parentIndex):
                let parent = Self.factory.organization(parentIndex)
                #expect(org.coreCyrillic == parent.coreCyrillic && org.legalForm != parent.legalForm)
                #expect(org.domain != parent.domain && org.inn != parent.inn)
                namesakes += 1
            default:
                break
            }
        }
        #expect(groups > 0 && namesakes > 0)
    }

    @Test func aCommonNameIsCarriedBySeveralCompanies() {
        var companies: [String: Int] = [:]
        for index in 0..<Self.dataset.organizationCount where Self.factory.hasCommonName(index) {
            companies[Self.factory.organization(index).coreCyrillic, default: 0] += 1
        }
        #expect(companies.values.contains { $0 >= 2 }, "\(companies)")
    }

    @Test func aMistypedINNPassesTheChecksumAndDiffersInOneDigit() throws {
        var checked = 0
        for (record, row) in zip(Self.records, Self.truth) where row.errorClasses.contains(.innTypoValid) {
            let inn = try #require(
                record.payload["INN__c"]?.stringValue ?? record.payload["RQ_INN"]?.stringValue
                    ?? record.payload["inn"]?.stringValue ?? record.payload["properties"]?["inn"]?.stringValue)
            let index = try #require(Int(row.entityId.dropFirst()))
            let trueINN = Self.factory.organization(index).inn
            #expect(IndependentChecksums.isValidINN(inn))
            #expect(inn.count == trueINN.count && zip(inn, trueINN).filter { $0 != $1 }.count == 1)
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test func contactsOfAVariantEmployerPointToARecordWithNothingButAName() throws {
        let byID = Dictionary(
            Self.records.map { ($0.source + "/" + $0.sourceId, $0) }, uniquingKeysWith: { first, _ in first })
        let entity = Dictionary(
            Self.truth.map { ($0.source + "/" + $0.sourceId, $0.entityId) }, uniquingKeysWith: { first, _ in first })
        var checked = 0
        for (record, row) in zip(Self.records, Self.truth)
        where row.entity == .person && row.errorClasses.contains(.variantEmployer) && record.source == "sf_a" {
            let employer = try #require(record.payload["AccountId"]?.stringValue)
            let account = try #require(byID["sf_a/" + employer])
            #expect(account.errorClasses.contains(.variantEmployer))
            #expect(entity["sf_a/" + employer] == "O" + row.entityId.dropFirst().prefix(7))
            #expect(account.payload["INN__c"]?.stringValue == nil && account.payload["Phone"]?.stringValue == nil)
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test func noContactRecordsHaveNeitherEmailNorPhone() {
        var checked = 0
        for (record, row) in zip(Self.records, Self.truth)
        where row.errorClasses.contains(.noContact) && record.source.hasPrefix("sf_") {
            #expect(record.payload["Email"]?.stringValue == nil)
            #expect(record.payload["Phone"]?.stringValue == nil && record.payload["MobilePhone"]?.stringValue == nil)
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test func perSourceClassesHoldForEveryRecordOfThePersonInThatSource() {
        var swapped: [String: Set<Bool>] = [:]
        for row in Self.truth where row.entity == .person {
            swapped[row.source + "|" + row.entityId, default: []].insert(row.errorClasses.contains(.swappedInSource))
        }
        #expect(swapped.values.allSatisfy { $0.count == 1 })
    }

    /// Only an INN whose check digit is 0 has such a typo (the weighted sum moves between 0 and 10 mod 11, both
    /// giving 0), about two in eleven.
    @Test func checksumPreservingTypoChangesOneDigitAndStaysValid() {
        var rng = SplitMix64(seed: 3)
        var found = 0
        for body in 0..<500 {
            let inn = RussianIdentifiers.inn10(body: "77" + MasterOrganization.pad(body * 4_999, 7))
            guard let typo = RussianIdentifiers.checksumPreservingTypo(inn, rng: &rng) else { continue }
            #expect(IndependentChecksums.isValidINN(typo))
            #expect(zip(inn, typo).filter { $0 != $1 }.count == 1)
            #expect(inn.last == "0")
            found += 1
        }
        #expect((50...150).contains(found), "\(found) of 500")
    }
}
