import Foundation

/// The generator of the hostile-input suite's files: every case writes its file from code and a seed, so the suite
/// needs no binary fixtures and a failing case can be rebuilt byte for byte.
///
/// CSV cases use the header `id,name,email` (see ``HostileInputFiles/csvMapping``); XML cases are CommerceML 2
/// documents read with the shipped `mappings/1c.yaml`.
enum HostileInputFiles {
    /// A person per row: `id` is the key, `name` the required full name, `email` an email.
    static let csvMapping = """
        kind: csv
        default_region: RU
        entities:
          person:
            object: row
            id: id
            fields:
              full_name: { path: name, required: true }
              email: email
            receives_back: []
        """

    static let header = "id,name,email\n"

    /// `count` good rows with Cyrillic names, ids starting at `from`.
    static func goodRows(_ count: Int, from: Int = 1) -> String {
        (from..<(from + count)).map { "\($0),Иван Петров \($0),ivan\($0)@example.ru\n" }.joined()
    }

    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// windows-1251 bytes of a text made of ASCII and Russian letters (А…я, Ё, ё).
    static func windows1251(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar -> UInt8 in
            switch scalar.value {
            case 0..<0x80: return UInt8(scalar.value)
            case 0x0410...0x044F: return UInt8(scalar.value - 0x0410 + 0xC0)
            case 0x0401: return 0xA8
            case 0x0451: return 0xB8
            default: return UInt8(ascii: "?")
            }
        }
    }

    /// `count` bytes from a SplitMix64 stream: the same seed always gives the same file.
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
        }
        return bytes
    }

    // MARK: - XML

    /// One CommerceML counterparty; `id: nil` leaves out `<Ид>` (a well-formed element that is no record).
    static func counterparty(id: String?, name: String) -> String {
        """
              <Контрагент>
        \(id.map { "        <Ид>\($0)</Ид>\n" } ?? "")        <Наименование>\(name)</Наименование>
                <ОфициальноеНаименование>\(name)</ОфициальноеНаименование>
              </Контрагент>

        """
    }

    static func commerceML(_ body: String, prolog: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        \(prolog)<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2024-05-01T10:00:00">
          <Контрагенты>
        \(body)  </Контрагенты>
        </КоммерческаяИнформация>

        """
    }

    static func counterparties(_ ids: ClosedRange<Int>, prefix: String = "c") -> String {
        ids.map { counterparty(id: "\(prefix)\($0)", name: "ООО Ромашка \($0)") }.joined()
    }

    /// Exponential entity expansion (“billion laughs”): ten levels of ten references each.
    static func billionLaughs() -> String {
        var entities = "<!ENTITY lol0 \"lol\">\n"
        for level in 1...9 {
            let references = String(repeating: "&lol\(level - 1);", count: 10)
            entities += "<!ENTITY lol\(level) \"\(references)\">\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE КоммерческаяИнформация [
            \(entities)]>
            <КоммерческаяИнформация>
              <Контрагенты>
                <Контрагент><Ид>x1</Ид><Наименование>&lol9;</Наименование></Контрагент>
              </Контрагенты>
            </КоммерческаяИнформация>

            """
    }

    /// An external entity pointing at a local file: it must never be read into a payload.
    static func externalEntity(pointingAt path: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE КоммерческаяИнформация [
        <!ENTITY secret SYSTEM "file://\(path)">
        ]>
        <КоммерческаяИнформация>
          <Контрагенты>
            <Контрагент><Ид>x1</Ид><Наименование>ООО &secret;</Наименование></Контрагент>
          </Контрагенты>
        </КоммерческаяИнформация>

        """
    }

    /// A record element nested `depth` levels deep.
    static func deepNesting(_ depth: Int) -> String {
        commerceML(
            "    <Контрагент><Ид>deep</Ид><Наименование>ООО Глубина</Наименование>"
                + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
                + "</Контрагент>\n")
    }
}
