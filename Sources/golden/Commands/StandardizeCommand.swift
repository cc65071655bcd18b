import ArgumentParser
import Connectors
import Foundation
import GoldenCore

extension StandardField: ExpressibleByArgument {}

/// `golden standardize FIELD VALUE`: how an admin debugs a mapping. The JSON shape is stable.
struct StandardizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standardize",
        abstract: "Standardize one value the way landing does and print the result as one JSON object.",
        discussion: """
            Fields: \(StandardField.allCases.map(\.rawValue).joined(separator: ", ")).
            Output: {"field":…,"input":…,"value":…,"valid":true|false,"keys":{…},"issues":[{"code":…,"message":…}]}
            """)

    @Argument(help: "The field kind.") var field: StandardField
    @Argument(help: "The raw value, as a source would send it.") var value: String
    @Option(help: "Default region for phone numbers and addresses (ISO 3166 alpha-2).") var region = "RU"
    @OptionGroup var mappings: MappingsOptions

    func run() async throws {
        let standardizers = try mappings.standardizers(region: RegionCode(rawValue: region))
        try Output.json(standardizers.standardize(field, value, region: RegionCode(rawValue: region)))
    }
}

/// `--mappings DIR`: where source mappings and dictionaries live (default `./mappings`, else built-ins).
struct MappingsOptions: ParsableArguments {
    @Option(help: "Folder with mappings and dictionaries (job_titles.yaml, name_diminutives.yaml).")
    var mappings: String = "mappings"

    var directory: URL? {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: mappings)
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? url : nil
    }

    func standardizers(region: RegionCode = .ru) throws -> Standardizers {
        do {
            return try ReferenceData.standardizers(mappingsDirectory: directory, defaultRegion: region)
        } catch let error as ConfigurationFileError {
            throw ValidationError(error.description)
        }
    }
}
