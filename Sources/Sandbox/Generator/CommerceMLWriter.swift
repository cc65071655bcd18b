import Foundation

/// Writes 1C counterparties as a CommerceML 2 document (connectors.md §5.1).
///
/// Shape: `<КоммерческаяИнформация ВерсияСхемы="2.10"><Классификатор><Ид/><Наименование/><Контрагенты>
/// <Контрагент>…`. A payload maps to elements one to one: objects nest, arrays repeat the element
/// (`Контакты/Контакт`, `ЮридическийАдрес/АдресноеПоле`), booleans are `true`/`false`. `ОГРН`,
/// `ПометкаУдаления`, `Взаиморасчеты` and `Договор` are not in the 2.05 XSD; they are emitted as elements
/// because `mappings/1c.yaml` reads them by those paths. Element order follows `elementOrder`, never
/// dictionary order.
struct CommerceMLWriter {
    static let elementOrder = [
        "Ид", "ПометкаУдаления", "Наименование", "ПолноеНаименование", "ИНН", "КПП", "ОГРН", "ЮридическийАдрес",
        "Представление", "АдресноеПоле", "Тип", "Значение", "Контакты", "Контакт", "Договор", "Номер", "Дата",
        "Взаиморасчеты", "Задолженность", "ДатаПоследнегоСчета", "ДатаПоследнейОплаты",
    ]
    private static let rank = Dictionary(uniqueKeysWithValues: elementOrder.enumerated().map { ($1, $0) })

    /// Default namespace: many 1C exports carry one, and a parser must cope with it.
    static let namespace = "urn:1C.ru:commerceml_210"

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func orderedKeys(_ members: [String: GeneratedValue]) -> [String] {
        members.keys.sorted { left, right in
            let l = rank[left] ?? Int.max
            let r = rank[right] ?? Int.max
            return l != r ? l < r : left < right
        }
    }

    /// Appends `<name>value</name>` (or repeated elements for arrays) with two-space indentation.
    static func append(_ name: String, _ value: GeneratedValue, depth: Int, to out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        switch value {
        case .null:
            return
        case .array(let items):
            for item in items { append(name, item, depth: depth, to: &out) }
        case .object(let members):
            out += indent + "<" + name + ">\n"
            for key in orderedKeys(members) {
                if let member = members[key] { append(key, member, depth: depth + 1, to: &out) }
            }
            out += indent + "</" + name + ">\n"
        case .string, .number, .bool:
            out += indent + "<" + name + ">" + escape(value.flatText) + "</" + name + ">\n"
        }
    }

    static func write(_ records: GeneratedRecordCollection, to url: URL, generatedAt: String) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<КоммерческаяИнформация xmlns=\"" + namespace + "\" ВерсияСхемы=\"2.10\" ДатаФормирования=\""
            + generatedAt + "\">\n"
        out += "  <Классификатор>\n    <Ид>" + escape(records.source.name) + "</Ид>\n"
        out += "    <Наименование>Контрагенты " + escape(records.source.name) + "</Наименование>\n"
        out += "    <Контрагенты>\n"
        for record in records {
            append("Контрагент", .object(record.payload), depth: 3, to: &out)
            if out.utf8.count >= 1 << 20 {
                try handle.write(contentsOf: Data(out.utf8))
                out = ""
            }
        }
        out += "    </Контрагенты>\n  </Классификатор>\n</КоммерческаяИнформация>\n"
        try handle.write(contentsOf: Data(out.utf8))
        try handle.close()
    }
}
