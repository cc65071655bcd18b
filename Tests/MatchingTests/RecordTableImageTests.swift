import Foundation
import GoldenCore
import Testing

@testable import Matching

/// The stored image of a match table must give, after any changes, exactly the table a fresh read gives: the match
/// run trusts it instead of reading every record again.
@Suite struct RecordTableImageTests {
    /// One person row as the store holds it: unbound values, the employer as a reference, and a version.
    struct Row {
        var recordID: UUID
        var version: Int
        var record: MatchRecord
        var employerRef: String?
    }

    static let switchboards = (0..<6).map { "+7495000000\($0)" }

    /// Synthetic persons with shared switchboard numbers among their personal ones and employers as references,
    /// ordered by record id like the store's read.
    static func rows(entities: Int, seed: UInt64) -> [Row] {
        var random = SeededGenerator(seed: seed)
        var rows = SyntheticPopulation(entities: entities, seed: seed).records.map { record -> Row in
            var values = record.values
            let employer = values.removeValue(forKey: .employerCluster)?.first
            if Int.random(in: 0..<3, using: &random) == 0 {
                let number = switchboards[Int.random(in: 0..<switchboards.count, using: &random)]
                // Before or after the own number: the order a record gives its values decides first-seen ids.
                if Bool.random(using: &random) {
                    values[.personalPhone, default: []].append(number)
                } else {
                    values[.personalPhone, default: []].insert(number, at: 0)
                }
            }
            return Row(
                recordID: UUID(uuid: Self.uuid(&random)), version: 1,
                record: MatchRecord(stored: values, id: record.id, source: record.source, entity: .person),
                employerRef: employer.map { "crm/\($0)" })
        }
        rows.sort { $0.recordID.isOlder(than: $1.recordID) }
        return rows
    }

    static func uuid(_ random: inout SeededGenerator) -> uuid_t {
        let (a, b) = (random.next(), random.next())
        return withUnsafeBytes(of: (a, b)) { bytes in
            (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
             bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])
        }
    }

    /// Half the switchboards are organizations' numbers; employers `crm/orgN` fall into clusters of three, and every
    /// seventh is unknown.
    static let binding = RecordBinding(
        companyPhones: Set(switchboards.prefix(3)),
        employerCluster: { ref in
            guard let number = Int(ref.dropFirst("crm/org".count)), number % 7 != 0 else { return nil }
            return "g\(number / 3)"
        })

    static let engine = MatchEngine(configuration: MatchConfiguration(person: EndToEndTests.configuration))

    static func image(_ rows: [Row]) -> RecordTableImage {
        var builder = engine.imageBuilder(for: .person)
        for row in rows {
            builder.append(row.record, recordID: row.recordID, version: row.version, employerRef: row.employerRef)
        }
        return builder.build()
    }

    /// The same rows as the match run built them before images: bound first, then interned.
    static func boundTable(_ rows: [Row]) -> RecordTable {
        let records = rows.map { row in
            var values = row.record.values
            if let ref = row.employerRef { values[.employerRef] = [ref] }
            return MatchRecord(
                stored: values, id: row.record.id, source: row.record.source, entity: .person,
                employerCluster: row.employerRef.flatMap(binding.employerCluster),
                companyPhones: binding.companyPhones)
        }
        return engine.table(for: .person, records: records)
    }

    static func expectEqual(_ a: RecordTable, _ b: RecordTable) {
        #expect(a.ids == b.ids)
        #expect(a.attributes == b.attributes)
        #expect(a.sourceNames == b.sourceNames && a.sourceIndex == b.sourceIndex)
        #expect(a.offsets == b.offsets)
        #expect(a.valueIDs == b.valueIDs)
        for slot in a.attributes.indices {
            let (x, y) = (a.dictionaries[slot], b.dictionaries[slot])
            #expect(x.strings == y.strings, "\(a.attributes[slot])")
            #expect(x.counts == y.counts && x.recordsWithValue == y.recordsWithValue, "\(a.attributes[slot])")
            #expect(x.scalars == y.scalars && x.scalarOffsets == y.scalarOffsets && x.days == y.days)
        }
        #expect(a.numbers.map { $0.map(\.bitPattern) } == b.numbers.map { $0.map(\.bitPattern) })
    }

    @Test("a table from an image equals the table of the records bound first, id for id, and matches the same")
    func bindingEqualsBoundRecords() async throws {
        let rows = Self.rows(entities: 400, seed: 21)
        let fromImage = Self.engine.table(image: Self.image(rows), binding: Self.binding)
        let bound = Self.boundTable(rows)
        Self.expectEqual(fromImage, bound)
        // The binding did something: some personal numbers were switchboards, some employers share a cluster.
        let slot = try #require(bound.slot(of: .personalPhone))
        #expect(!bound.dictionaries[slot].strings.contains(Self.switchboards[0]))
        #expect(bound.dictionaries[slot].strings.contains(Self.switchboards[4]))
        let employer = try #require(bound.slot(of: .employerCluster))
        #expect(bound.dictionaries[employer].count > 1)

        let a = await Self.engine.match(fromImage, workers: 2)
        let b = await Self.engine.match(bound, workers: 2)
        #expect(a.scored.pairs == b.scored.pairs && a.scored.weights == b.scored.weights)
        #expect(a.clustering == b.clustering)
    }

    @Test("employers bound by reference index give the table and row employers the closure gives")
    func bindingByReferenceIndex() throws {
        let rows = Self.rows(entities: 400, seed: 22)
        let image = Self.image(rows)
        let refClusters = image.employerRefs.map(Self.binding.employerCluster)
        var byIndex = Self.binding
        // The closure must not be asked: a wrong answer from it would show in the table.
        byIndex.employerCluster = { _ in "asked" }
        byIndex.employerRefClusters = refClusters
        Self.expectEqual(Self.engine.table(image: image, binding: byIndex), Self.boundTable(rows))
        #expect(image.employerClusters(ofRefs: refClusters) == image.employerClusters(Self.binding.employerCluster))
        // Some rows have an employer in a cluster, some an unknown one, some none.
        let employers = image.employerClusters(ofRefs: refClusters)
        #expect(employers.contains { $0 != nil } && employers.contains(nil))
        #expect(refClusters.contains(nil) && refClusters.contains { $0 != nil })
    }

    @Test("an image patched with edits, new and deleted rows equals a fresh image of the result, byte for byte")
    func patchedEqualsFresh() async throws {
        var random = SeededGenerator(seed: 5)
        let before = Self.rows(entities: 300, seed: 8)
        let base = Self.image(before)
        // New rows (from another population, so new values too), some rows deleted, some edited.
        var after: [Row] = []
        var changed: Set<UUID> = []
        for var row in before {
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                continue
            case 1:
                row.version += 1
                row.record.values[.familyTranslit] = ["renamed\(Int.random(in: 0..<50, using: &random))"]
                row.record.values[.city] = nil
                // No employer, a new one, or one that other rows of the base have (found by screening, not hashing).
                switch Int.random(in: 0..<3, using: &random) {
                case 0: row.employerRef = nil
                case 1: row.employerRef = "crm/org999"
                default: row.employerRef = before[Int.random(in: 0..<before.count, using: &random)].employerRef
                }
                changed.insert(row.recordID)
            default:
                break
            }
            after.append(row)
        }
        let added = Self.rows(entities: 60, seed: 99)
        after.append(contentsOf: added)
        changed.formUnion(added.map(\.recordID))
        after.sort { $0.recordID.isOlder(than: $1.recordID) }

        // Interned in one chunk (the default, at this size), and in chunks of 7 rows and of 1, across which each
        // column's first-seen ids must carry on.
        // Named up front (`expect`), base values are found by screening instead of hashing; both must agree.
        // Kept rows go one by one, or as runs of consecutive rows (`runs`), which chunks must split where they fill.
        func patch(chunkRows: Int?, expecting: Bool = true, runs: Bool = false) -> RecordTableImage {
            var builder = chunkRows.map {
                RecordTableImageBuilder(
                    entity: .person, attributes: RecordTableImage.attributes(of: EndToEndTests.configuration),
                    base: base, chunkRows: $0)
            } ?? Self.engine.imageBuilder(for: .person, base: base)
            if expecting {
                let appended = after.filter { changed.contains($0.recordID) }
                builder.expect(appended.map(\.record), employerRefs: appended.compactMap(\.employerRef))
            }
            var row = 0
            var run = 0..<0
            for current in after {
                if changed.contains(current.recordID) {
                    builder.append(baseRows: run)
                    run = 0..<0
                    builder.append(
                        current.record, recordID: current.recordID, version: current.version,
                        employerRef: current.employerRef)
                    continue
                }
                while before[row].recordID != current.recordID { row += 1 }
                if !runs {
                    builder.append(baseRows: row..<(row + 1))
                } else if run.upperBound == row {
                    run = run.lowerBound..<(row + 1)
                } else {
                    builder.append(baseRows: run)
                    run = row..<(row + 1)
                }
            }
            builder.append(baseRows: run)
            return builder.build()
        }
        let patched = patch(chunkRows: nil)
        let fresh = Self.image(after)
        #expect(patched.count == after.count)
        #expect(await patched.encoded() == fresh.encoded())
        for chunkRows in [7, 1] { #expect(await patch(chunkRows: chunkRows).encoded() == fresh.encoded()) }
        for chunkRows in [nil, 7, 1] {
            #expect(await patch(chunkRows: chunkRows, runs: true).encoded() == fresh.encoded(), "\(chunkRows ?? 0)")
        }
        #expect(await patch(chunkRows: nil, expecting: false).encoded() == fresh.encoded())
        #expect(await patch(chunkRows: 7, expecting: false).encoded() == fresh.encoded())
        // The new rows share values with the base (the same first names and towns), so the screen had work to do.
        let slot = try #require(patched.attributes.firstIndex(of: .givenTranslit))
        let shared = Set(base.strings[slot]).intersection(added.flatMap { $0.record.values[.givenTranslit] ?? [] })
        #expect(!shared.isEmpty)
        // So do employer references: edited and new rows name employers the base rows name too.
        let appendedRefs = Set(after.filter { changed.contains($0.recordID) }.compactMap(\.employerRef))
        #expect(!appendedRefs.intersection(base.employerRefs).isEmpty)
        #expect(!appendedRefs.subtracting(base.employerRefs).isEmpty)
        Self.expectEqual(
            Self.engine.table(image: patched, binding: Self.binding), Self.boundTable(after))
    }

    @Test("an image reads back as it was written; damaged or foreign bytes read as no image")
    func codecRoundTrip() async throws {
        var image = Self.image(Self.rows(entities: 120, seed: 3))
        // What the store keeps with the rows: how far into the landing log they were read, and who was unreadable.
        image.landingMarks = ["crm_a": 3, "crm_b": 12, "erp": 0]
        image.unreadableRecordIDs = [
            UUID(uuidString: "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F0")!, UUID(uuidString: "00000000-0000-4000-8000-000000000001")!,
        ]
        let bytes = await image.encoded()
        let decoded = try #require(RecordTableImage.decode(bytes))
        #expect(await decoded.encoded() == bytes)
        #expect(decoded.landingMarks == image.landingMarks && decoded.unreadableRecordIDs == image.unreadableRecordIDs)
        // Marks not known read back as not known, not as no batches.
        var unmarked = image
        unmarked.landingMarks = nil
        #expect(try #require(RecordTableImage.decode(await unmarked.encoded())).landingMarks == nil)
        unmarked.landingMarks = [:]
        #expect(try #require(RecordTableImage.decode(await unmarked.encoded())).landingMarks == [:])
        // Handed over in parts, the same bytes; no part over its size.
        var parts: [[UInt8]] = []
        await image.encode(partSize: 1_000) { parts.append($0) }
        #expect(parts.allSatisfy { $0.count <= 1_000 } && parts.dropLast().allSatisfy { $0.count == 1_000 })
        #expect(parts.flatMap { $0 } == bytes)
        #expect(decoded.recordIDs == image.recordIDs && decoded.versions == image.versions)
        #expect(RecordTableImage.decode(Array(bytes.dropLast())) == nil)
        #expect(RecordTableImage.decode(bytes + [0]) == nil)
        #expect(RecordTableImage.decode(Array("not an image".utf8)) == nil)
        var foreign = bytes
        foreign[4] &+= 1  // another format version
        #expect(RecordTableImage.decode(foreign) == nil)
        // An entry pointing past its dictionary is refused, not trusted.
        var damaged = bytes
        damaged[damaged.count - 1] = 0x7F
        #expect(RecordTableImage.decode(damaged) == nil)
        // Cut anywhere, the bytes read as no image; a byte changed anywhere reads as no image or as an image of the
        // same shape (a changed letter of a value or a name, a changed version), never as a crash.
        var random = SeededGenerator(seed: 77)
        for _ in 0..<300 {
            let at = Int(random.next() % UInt64(bytes.count))
            #expect(RecordTableImage.decode(Array(bytes[..<at])) == nil, "cut at \(at)")
            var changed = bytes
            changed[at] &+= UInt8(1 + random.next() % 255)
            if let read = RecordTableImage.decode(changed) {
                #expect(read.count == image.count && read.attributes.count == image.attributes.count, "byte \(at)")
            }
        }
    }

    @Test("fed in parts of any size, as the store hands them over, an image decodes as it does whole")
    func streamedDecode() async throws {
        var image = Self.image(Self.rows(entities: 120, seed: 5))
        image.landingMarks = ["crm_a": 7]
        image.unreadableRecordIDs = [UUID(uuidString: "00000000-0000-4000-8000-000000000002")!]
        let bytes = await image.encoded()
        var random = SeededGenerator(seed: 78)
        for round in 0..<40 {
            // Parts from one byte (an item split anywhere, a length split in two) to whole items and beyond.
            let largest = [1, 7, 64, 1_000, bytes.count][round % 5]
            var decoder = RecordTableImageDecoder()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + Int(random.next() % UInt64(largest)))
                decoder.feed(bytes[start..<end])
                start = end
            }
            let decoded = try #require(decoder.finish(), "round \(round)")
            #expect(await decoded.encoded() == bytes, "round \(round)")
        }
        // A part missing at the end, or one byte too many, is no image.
        var short = RecordTableImageDecoder()
        short.feed(bytes.dropLast(3)[...])
        #expect(short.finish() == nil)
        var long = RecordTableImageDecoder()
        long.feed(bytes[..<100])
        long.feed(bytes[100...])
        long.feed(ArraySlice<UInt8>([0]))
        #expect(long.finish() == nil)
    }
}
