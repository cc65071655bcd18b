/// A problem in a configuration file (a mapping, `golden.yaml`), named by file, line, column and key path.
///
/// Admins edit these files by hand; an error that says `mappings/bitrix24.yaml:14:5: entities.organization.fields.
/// phone: unknown transform 'trimm'` is one they can fix without reading code.
public struct ConfigurationFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: Int?
    public let keyPath: String
    public let message: String

    public init(file: String, line: Int?, column: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
