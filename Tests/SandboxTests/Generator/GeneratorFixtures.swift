import Foundation
@testable import Sandbox

/// Shared datasets: rendering is the slow part of these tests, so each sample is rendered once.
enum GeneratorFixtures {
    /// Rates high enough to measure on 20,000 records with tight tolerances.
    static let measurableNoise = NoiseProfile(
        typo: 0.1, initials: 0.1, transliteration: 0.2, swappedNames: 0.05, caseNoise: 0.1, phoneFormat: 0.6,
        missingField: 0.1, staleEmail: 0.1, legalFormVariant: 0.5, jobTitleVariant: 0.5, innInCRM: 0.4,
        invalidINN: 0.1, deleted: 0.05, duplicateInSource: 0.05, hardNegative: 0.05, branch: 0.03)

    static let sampleConfiguration = GeneratorConfiguration(records: 20_000, seed: 7, noise: measurableNoise)
    static let sample = DatasetGenerator(sampleConfiguration).generate()
    static let sampleRecords: [GeneratedRecord] = Array(sample.allRecords)
    static let sampleTruth: [TruthRow] = Array(sample.truth)

    /// Truth entity id by (source, source id).
    static let sampleEntityIds: [String: String] = Dictionary(
        uniqueKeysWithValues: sampleTruth.map { ($0.source + "|" + $0.sourceId, $0.entityId) })

    static func entityId(of record: GeneratedRecord) -> String? {
        sampleEntityIds[record.source + "|" + record.sourceId]
    }

    static func records(source: String, entity: GeneratedEntityKind) -> [GeneratedRecord] {
        sampleRecords.filter { $0.source == source && $0.entity == entity }
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("golden-gen-" + UUID().uuidString)
    }

    /// The string value at a path inside a payload, or nil.
    static func string(_ record: GeneratedRecord, _ path: String...) -> String? {
        var value: GeneratedValue? = record.payload[path[0]]
        for key in path.dropFirst() { value = value?[key] }
        return value?.stringValue
    }
}

/// Independent INN / OGRN checks written from the published algorithm, not from the generator's code.
enum IndependentChecksums {
    static func digits(_ text: String) -> [Int]? {
        let values = text.compactMap { $0.wholeNumberValue }
        return values.count == text.count && text.allSatisfy(\.isASCII) ? values : nil
    }

    static func control(_ d: [Int], _ weights: [Int]) -> Int {
        zip(d, weights).map { $0 * $1 }.reduce(0, +) % 11 % 10
    }

    static func isValidINN(_ inn: String) -> Bool {
        guard let d = digits(inn) else { return false }
        if d.count == 10 { return control(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9] }
        if d.count == 12 {
            return control(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[10]
                && control(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[11]
        }
        return false
    }

    static func isValidOGRN(_ ogrn: String) -> Bool {
        guard let d = digits(ogrn) else { return false }
        if d.count == 13, let body = Int(ogrn.prefix(12)) { return body % 11 % 10 == d[12] }
        if d.count == 15, let body = Int(ogrn.prefix(14)) { return body % 13 % 10 == d[14] }
        return false
    }
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends, newlines inside quotes.
enum TestCSVReader {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": inQuotes = true
            case ",":
                row.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
