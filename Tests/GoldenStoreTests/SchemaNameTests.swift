import Testing

@testable import GoldenStore

/// Schema names reach SQL as text (they cannot be bound), so only plain lowercase identifiers pass.
@Suite struct SchemaNameTests {
    @Test(arguments: ["t_0123abcd", "bench_42", "_private", "golden"])
    func plainNamesPass(_ name: String) throws {
        #expect(try GoldenDatabase.checkedSchemaName(name) == name)
    }

    @Test(arguments: [
        "", "1abc", "Bench", "a-b", "a;drop schema public", "a b", "\"q\"", "схема", String(repeating: "a", count: 64),
    ])
    func otherNamesAreRefused(_ name: String) {
        #expect(throws: StoreError.self) { try GoldenDatabase.checkedSchemaName(name) }
    }
}
