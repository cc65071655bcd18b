import Testing

@testable import Matching

/// A stored model is used only for the comparisons it was trained for.
@Suite struct ModelFitTests {
    @Test func aModelForOtherComparisonsIsRetrainedNotUsed() async {
        let population = SyntheticPopulation(entities: 200, seed: 13)
        var old = EntityConfiguration.person
        old.uSamplePairs = 20_000
        // An earlier version: no address comparison, and a national id compared exactly only.
        old.comparisons.removeAll { $0.name == "address" }
        let oldEngine = MatchEngine(configuration: MatchConfiguration(person: old))
        let stored = await oldEngine.match(oldEngine.table(for: .person, records: population.records), workers: 2).model
        #expect(stored.fits(old))

        var current = EntityConfiguration.person
        current.uSamplePairs = 20_000
        #expect(!stored.fits(current))
        var relabelled = old
        relabelled.comparisons[0].levels[0].label = "exact, renamed"
        #expect(!stored.fits(relabelled))

        let engine = MatchEngine(configuration: MatchConfiguration(person: current))
        let result = await engine.match(
            engine.table(for: .person, records: population.records), model: stored, workers: 2)
        #expect(result.model.fits(current))
        #expect(result.model.comparisons.contains { $0.name == "address" })
    }
}
