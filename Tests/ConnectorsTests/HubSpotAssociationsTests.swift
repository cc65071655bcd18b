import Foundation
import Testing

@testable import Connectors

@Suite("HubSpot associations")
struct HubSpotAssociationsTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test("a v3 list (duplicates, unlabeled, a label, any order) and a v4 read land as the same payload")
    func oneFormEitherWay() throws {
        let v3 = try Self.parse(#"""
            {"id":"7","associations":{"companies":{"results":[
              {"id":"30","type":"contact_to_company"},{"id":"4","type":"Billing contact"},
              {"id":"30","type":"contact_to_company_unlabeled"}]}}}
            """#)
        let v4 = try Self.parse(#"{"id":"7","associations":{"companies":{"results":[{"id":"4"},{"id":"30"}]}}}"#)
        let a = HubSpotConnector.canonicalAssociations(v3, of: "contacts")
        let b = HubSpotConnector.canonicalAssociations(v4, of: "contacts")
        #expect(a == b)
        #expect(a.contentHash == b.contentHash)
        let expected = try Self.parse(#"""
            {"id":"7","associations":{"companies":{"results":[
              {"id":"4","type":"contact_to_company"},{"id":"30","type":"contact_to_company"}]}}}
            """#)
        #expect(a == expected, "one entry per id, in numeric id order, typed object_to_type")
    }
}
