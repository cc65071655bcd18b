@testable import Connectors
import Foundation
import Testing

@Suite("Text encoding detection and windows-1251")
struct TextEncodingTests {
    /// "Ромашка Ёж" in windows-1251.
    static let romashka1251: [UInt8] = [0xD0, 0xEE, 0xEC, 0xE0, 0xF8, 0xEA, 0xE0, 0x20, 0xA8, 0xE6]

    @Test("UTF-8, UTF-8 with BOM, windows-1251 and junk are told apart")
    func detection() throws {
        let plain = try #require(TextEncodingDetector.detect(Array("id,name\n1,Ромашка\n".utf8)))
        #expect(plain.encoding == .utf8 && plain.bomLength == 0 && !plain.isGuess)
        let bom = try #require(TextEncodingDetector.detect([0xEF, 0xBB, 0xBF] + Array("id".utf8)))
        #expect(bom.encoding == .utf8 && bom.bomLength == 3 && bom.reason.contains("byte-order mark"))
        #expect(TextEncodingDetector.detect(Array("id;name\n1;".utf8) + Self.romashka1251)?.encoding == .windows1251)
        #expect(TextEncodingDetector.detect([0x00, 0x81, 0x82, 0x83, 0x84, 0x90, 0x91, 0x85]) == nil)
    }

    @Test("a UTF-8 sequence cut by the end of the sample is not held against it")
    func truncatedSample() {
        let bytes = Array("Ромашка".utf8)
        #expect(TextEncodingDetector.detect(bytes.dropLast(), isComplete: false)?.encoding == .utf8)
        #expect(TextEncodingDetector.firstInvalidUTF8Offset(in: Array(bytes.dropLast()), isComplete: true) != nil)
    }

    @Test("the windows-1251 table decodes every Cyrillic letter and the punctuation 1C writes")
    func decoderTable() {
        #expect(Windows1251Decoder.string(Self.romashka1251) == "Ромашка Ёж")
        let letters = Windows1251Decoder.string(Array(0xC0...0xFF) + [0xA8, 0xB8])
        #expect(letters == "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁё")
        #expect(Windows1251Decoder.string([0xAB, 0xBB, 0x96, 0x97, 0xB9, 0x88]) == "«»–—№€")
        #expect(Windows1251Decoder.string(Array("plain ASCII".utf8)) == "plain ASCII")
        let all = Windows1251Decoder.decode(Array(0x80...0xFF))
        #expect(String(validating: all, as: UTF8.self)?.unicodeScalars.count == 128)
    }

    @Test("dates in file sources parse with and without zones")
    func dates() throws {
        let utc = TimeZone.gmt
        #expect(FileDateParser.date(from: "2024-05-01", timeZone: utc) == Date(timeIntervalSince1970: 1_714_521_600))
        #expect(FileDateParser.date(from: "2024-05-01T12:00:00", timeZone: utc)
            == Date(timeIntervalSince1970: 1_714_564_800))
        #expect(FileDateParser.date(from: "2024-05-01T15:00:00+03:00", timeZone: utc)
            == Date(timeIntervalSince1970: 1_714_564_800))
        #expect(FileDateParser.date(from: "2024-05-01T12:00:00.250Z", timeZone: utc)
            == Date(timeIntervalSince1970: 1_714_564_800))
        // Salesforce exports write the offset without a colon; some tools write hours only.
        #expect(FileDateParser.date(from: "2024-05-01T12:00:00.000+0000", timeZone: utc)
            == Date(timeIntervalSince1970: 1_714_564_800))
        #expect(FileDateParser.date(from: "2024-05-01T15:00:00+0300", timeZone: utc)
            == Date(timeIntervalSince1970: 1_714_564_800))
        #expect(FileDateParser.date(from: "2024-05-01T09:30:00-0230", timeZone: utc)
            == Date(timeIntervalSince1970: 1_714_564_800))
        #expect(FileDateParser.date(from: "2024-05-01T15:00:00+03", timeZone: utc)
            == Date(timeIntervalSince1970: 1_714_564_800))
        #expect(FileDateParser.date(from: "2024-05-01T15:00:00+030", timeZone: utc) == nil)
        #expect(FileDateParser.date(from: "2024-05-01T15:00:00+03:0", timeZone: utc) == nil)
        #expect(FileDateParser.date(from: "01.05.2024", timeZone: utc) == nil)
        #expect(FileDateParser.date(from: "2024-13-01", timeZone: utc) == nil)
    }
}
