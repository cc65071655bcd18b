/// Entry point: `DatasetGenerator(configuration).generate()`.
///
/// `generate()` only decides *which* records exist (one packed `UInt64` each, found by walking
/// organizations until the record target is reached); payloads are rendered lazily when a record is read.
/// A million-record dataset therefore costs about 8 MB until it is iterated, and iterating or writing it
/// can stream.
public struct DatasetGenerator: Sendable {
    public let configuration: GeneratorConfiguration

    public init(_ configuration: GeneratorConfiguration) {
        let names = configuration.sources.map(\.name)
        precondition(Set(names).count == names.count, "source names must be unique")
        precondition(configuration.records >= 0, "records must not be negative")
        self.configuration = configuration
    }

    public func generate() -> GeneratedDataset {
        let renderer = RecordRenderer(configuration: configuration)
        let sourceCount = configuration.sources.count
        var organizationSlots = Array(repeating: [UInt64](), count: sourceCount)
        var personSlots = Array(repeating: [UInt64](), count: sourceCount)
        var total = 0
        var organizations = 0
        var persons = 0
        while total < configuration.records, sourceCount > 0,
            organizations < MasterDataFactory.maximumOrganizations
        {
            let index = organizations
            let plan = renderer.plan(index)
            organizations += 1
            for (source, copies) in plan.organizationCopies.enumerated() {
                for copy in 0..<copies {
                    organizationSlots[source].append(RecordSlot.organization(index, copy: copy).raw)
                }
            }
            for (ordinal, perSource) in plan.personCopies.enumerated() {
                persons += 1
                for (source, copies) in perSource.enumerated() {
                    for copy in 0..<copies {
                        personSlots[source].append(RecordSlot.person(index, ordinal: ordinal, copy: copy).raw)
                    }
                }
            }
            total += plan.recordCount
        }
        let slots = (0..<sourceCount).map { organizationSlots[$0] + personSlots[$0] }
        return GeneratedDataset(
            configuration: configuration, renderer: renderer, slots: slots, organizationCount: organizations,
            personCount: persons)
    }
}
