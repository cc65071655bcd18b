/// The field-agnostic result of standardizing one value, as the CLI prints it.
///
/// Encodes to exactly `{"field":…,"input":…,"value":…,"valid":…,"keys":{…},"issues":[{"code":…,"message":…}]}`;
/// `value` is `null` when there is no clean value. Keep this shape stable: scripts parse it.
public struct StandardizationResult: Sendable, Hashable, Encodable {
    public var field: StandardField
    public var input: String
    public var value: String?
    public var valid: Bool
    public var keys: [String: String]
    public var issues: [StandardizationIssue]

    public init(
        field: StandardField,
        input: String,
        value: String?,
        valid: Bool,
        keys: [String: String],
        issues: [StandardizationIssue]
    ) {
        self.field = field
        self.input = input
        self.value = value
        self.valid = valid
        self.keys = keys
        self.issues = issues
    }

    /// Builds the generic result from a typed one. Invalid values never expose keys.
    public init<Value: MatchKeyed & Hashable>(field: StandardField, input: String, _ typed: Standardized<Value>) {
        let valid = typed.isValid
        self.init(
            field: field,
            input: input,
            value: typed.value?.canonical,
            valid: valid,
            keys: valid ? (typed.value?.matchKeys ?? [:]) : [:],
            issues: typed.issues
        )
    }

    private enum CodingKeys: String, CodingKey {
        case field, input, value, valid, keys, issues
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field.rawValue, forKey: .field)
        try container.encode(input, forKey: .input)
        if let value { try container.encode(value, forKey: .value) } else { try container.encodeNil(forKey: .value) }
        try container.encode(valid, forKey: .valid)
        try container.encode(keys, forKey: .keys)
        try container.encode(issues, forKey: .issues)
    }
}
