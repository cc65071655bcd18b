import Connectors
import Foundation
import Testing

@Suite("Raw payloads")
struct JSONValueTests {
    @Test("the content hash ignores key order and whitespace, and moves with the content")
    func contentHash() throws {
        let a = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"Name":"ООО «Ромашка»","INN__c":"7707083893","n":120}"#.utf8))
        let b = try JSONDecoder().decode(JSONValue.self, from: Data(#"{ "n": 120, "INN__c": "7707083893", "Name": "ООО «Ромашка»" }"#.utf8))
        let c = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"Name":"ООО «Ромашка»","INN__c":"7707083894","n":120}"#.utf8))
        #expect(a == b)
        #expect(a.contentHash == b.contentHash)
        #expect(a.contentHash != c.contentHash)
        #expect(a.contentHash.count == 32)
        #expect(String(decoding: a.canonicalJSON, as: UTF8.self) == #"{"INN__c":"7707083893","Name":"ООО «Ромашка»","n":120}"#)
    }

    @Test("canonical JSON round-trips through JSONDecoder, escapes included")
    func roundTrip() throws {
        let value = JSONValue.object([
            "quote": .string("say \"hi\"\n\ttab \u{01}"), "list": .array([.null, .bool(true), .number(1.5)]),
        ])
        let decoded = try JSONDecoder().decode(JSONValue.self, from: value.canonicalJSON)
        #expect(decoded == value)
        #expect(value["quote"] == .string("say \"hi\"\n\ttab \u{01}"))
        #expect(value["missing"] == nil)
    }

    @Test("the canonical bytes of escapes never change: stored content hashes depend on them")
    func canonicalEscapes() {
        let value = JSONValue.object(["k\"": .string("a\"b\\c\nd\re\tf\u{01}g\u{1F}h «ё» 🇷🇺")])
        #expect(
            String(decoding: value.canonicalBytes, as: UTF8.self)
                == #"{"k\"":"a\"b\\c\nd\re\tf\u0001g\u001fh «ё» 🇷🇺"}"#)
        #expect(
            value.contentHash.map { String($0, radix: 16) }.joined()
                == JSONValue.contentHash(ofCanonical: Array(#"{"k\"":"a\"b\\c\nd\re\tf\u0001g\u001fh «ё» 🇷🇺"}"#.utf8))
                .map { String($0, radix: 16) }.joined())
    }

    @Test("read-only sources say so with a stable code")
    func readOnlyError() {
        let error = ConnectorError.readOnly(source: "acc_1c")
        #expect(error.code == .readOnly)
        #expect(error.description.contains("acc_1c"))
    }
}
