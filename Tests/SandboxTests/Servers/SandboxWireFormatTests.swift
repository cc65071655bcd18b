import Foundation
import Testing

@testable import Sandbox

/// The request readings the vendors' clients rely on (issue 15), checked without a server. The fidelity suite in
/// `tests/fidelity/` checks the same through the clients themselves.
@Suite("Sandbox wire formats")
struct SandboxWireFormatTests {
    @Test("a form value reads + and %20 as spaces and %2B as a plus")
    func formDecoding() {
        #expect(SandboxForm.value("q", in: "q=SELECT+Id+FROM+Account") == "SELECT Id FROM Account")
        #expect(SandboxForm.value("q", in: "a=1&q=SELECT%20Id%20FROM%20Account") == "SELECT Id FROM Account")
        #expect(SandboxForm.value("q", in: "q=a%2Bb") == "a+b")
        #expect(SandboxForm.value("x", in: "q=1") == nil)
    }

    @Test("SOQL keywords are case-insensitive; DESC and NULLS LAST are read; LIKE is refused")
    func soql() throws {
        let lower = try SalesforceSOQL(
            parsing: "select id, name from account where isdeleted = false order by name desc nulls last limit 3")
        #expect(lower.fields == ["id", "name"] && lower.object == "account" && lower.limit == 3)
        #expect(lower.orderBy.first?.descending == true && lower.orderBy.first?.nullsFirst == false)
        let resolved = try lower.resolvingNames(object: ["Account"]) { _ in ["Id", "Name", "IsDeleted"] }
        #expect(resolved.object == "Account" && resolved.fields == ["Id", "Name"])
        #expect(resolved.conditions.first?.field == "IsDeleted")
        #expect(throws: SalesforceSOQL.ParseError.self) {
            try SalesforceSOQL(parsing: "SELECT Id FROM Account WHERE Name LIKE 'A%'")
        }
        #expect(throws: SalesforceSOQL.UnknownName.self) {
            try SalesforceSOQL(parsing: "SELECT Nope FROM Account").resolvingNames(object: ["Account"]) { _ in ["Id"] }
        }
    }

    @Test("PHP-style query strings: [] appends, [k] nests, an encoded key is decoded")
    func phpQueryString() {
        // `>=` inside a key must be encoded (`%3E%3D`), as every client does: PHP, like this reader, splits a pair
        // at its first `=`.
        let parsed = Bitrix24QueryString.parse(
            "select[]=ID&select[]=TITLE&filter%5B%3E%3DDATE_MODIFY%5D=2025-01-01T00%3A00%3A00")
        #expect(parsed["select"] == .object(["0": "ID", "1": "TITLE"]))
        #expect(parsed["filter"] == .object([">=DATE_MODIFY": "2025-01-01T00:00:00"]))
    }

    @Test("HubSpot search filters refuse what HubSpot refuses instead of matching everything")
    func hubSpotFilters() throws {
        func filter(_ members: [String: GeneratedValue]) throws(HubSpotSearchFilter.Invalid) -> HubSpotSearchFilter {
            try HubSpotSearchFilter(.object(members), object: "contacts")
        }
        #expect(throws: HubSpotSearchFilter.Invalid.self) {
            try filter(["propertyName": "lastmodifieddate", "operator": "GTE", "value": "last tuesday"])
        }
        #expect(throws: HubSpotSearchFilter.Invalid.self) {
            try filter(["propertyName": "email", "operator": "LIKE", "value": "x"])
        }
        #expect(throws: HubSpotSearchFilter.Invalid.self) { try filter(["propertyName": "email", "operator": "IN"]) }
        let between = try filter([
            "propertyName": "lastmodifieddate", "operator": "BETWEEN", "value": "2024-01-01T00:00:00Z",
            "highValue": "1704153600000",
        ])
        #expect(between.bounds == [.instant(1_704_067_200_000), .instant(1_704_153_600_000)])
    }
}
