import Testing

@testable import Matching

/// Opaque ids (a mapping's `kind: other`) are evidence; ids with check digits (SNILS) are facts for hard rules.
@Suite struct NationalIDKindTests {
    /// The synthetic population with a national id on every record; every fifth duplicate carries a one-digit typo.
    static func population(kind: String, seed: UInt64) -> (records: [MatchRecord], truth: [Int], typos: Set<Int>) {
        let base = SyntheticPopulation(entities: 400, seed: seed)
        var random = SeededGenerator(seed: seed &+ 1)
        var records: [MatchRecord] = []
        var typos: Set<Int> = []
        var seen: Set<Int> = []
        for (index, record) in base.records.enumerated() {
            let entity = base.truth[index]
            var digits = Array(String(10_000_000 + entity * 7919 % 9_000_000))
            if !seen.insert(entity).inserted, Int.random(in: 0..<5, using: &random) == 0 {
                let position = Int.random(in: 0..<digits.count, using: &random)
                digits[position] = digits[position] == "9" ? "1" : Character(String(digits[position].wholeNumberValue! + 1))
                typos.insert(index)
            }
            var values = record.values
            values[.nationalID] = ["\(kind):\(String(digits))"]
            records.append(MatchRecord(stored: values, id: record.id, source: record.source, entity: .person))
        }
        return (records, base.truth, typos)
    }

    static func run(_ records: [MatchRecord]) async -> EntityMatchResult {
        var configuration = EntityConfiguration.person
        configuration.uSamplePairs = 40_000
        let engine = MatchEngine(configuration: MatchConfiguration(person: configuration))
        return await engine.match(engine.table(for: .person, records: records), workers: 2)
    }

    /// Typo records that share a cluster with a record of their entity that has another id (two copies can carry the
    /// same typo, and those are one id).
    static func rejoined(
        _ result: EntityMatchResult, _ records: [MatchRecord], truth: [Int], typos: Set<Int>
    ) -> Int {
        typos.filter { index in
            truth.indices.contains {
                $0 != index && truth[$0] == truth[index]
                    && records[$0].values[.nationalID] != records[index].values[.nationalID]
                    && result.clustering.clusterOf[$0] == result.clustering.clusterOf[index]
            }
        }.count
    }

    @Test func readingARecordDerivesVerifiedIDsFromCheckedKindsOnly() {
        let record = MatchRecord(
            stored: [.nationalID: ["snils:11223344595", "other:A12", "inn_person:500100732259"]], id: "x",
            source: "s", entity: .person)
        #expect(record.values[.verifiedNationalID] == ["snils:11223344595", "inn_person:500100732259"])
        let opaque = MatchRecord(stored: [.nationalID: ["ssn:123456789"]], id: "y", source: "s", entity: .person)
        #expect(opaque.values[.verifiedNationalID] == nil)
    }

    @Test func aTypoInAnOpaqueIDDoesNotForbidTheMatchButInASNILSItDoes() async throws {
        let opaque = Self.population(kind: "other", seed: 21)
        #expect(opaque.typos.count > 20)
        let opaqueResult = await Self.run(opaque.records)
        let rejoinedOpaque = Self.rejoined(opaqueResult, opaque.records, truth: opaque.truth, typos: opaque.typos)
        // Names, birth date and contacts still agree: most typo copies rejoin their person.
        #expect(Double(rejoinedOpaque) / Double(opaque.typos.count) > 0.8, "\(rejoinedOpaque) of \(opaque.typos.count)")

        let checked = Self.population(kind: "snils", seed: 21)
        let checkedResult = await Self.run(checked.records)
        // Two different SNILS are two people, whatever else agrees.
        #expect(Self.rejoined(checkedResult, checked.records, truth: checked.truth, typos: checked.typos) == 0)
    }
}
