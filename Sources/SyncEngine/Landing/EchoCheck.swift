import Connectors
import Foundation
import GoldenStore

/// Whether a pulled version differs from the stored one only by what our acknowledged deltas wrote: our own echo.
///
/// Compared on the raw payloads, path by path, because that is what the deltas address (`Phone`,
/// `properties.phone`, `PHONE[].VALUE`). A changed path passes when it is a write stamp the source moves on every
/// write (the mapping's `modified_at`, and the stamps the supported CRMs keep), or when a delta wrote it and the
/// source now shows that value. A list field (`[]` in the delta path) passes when it changed at all: the source
/// appended (Bitrix24) or replaced (ELMA365) as it was asked. Anything else (a person's edit in the same version)
/// makes the version a real change, so an echo is never claimed on a guess.
struct EchoCheck: Sendable {
    /// Paths a source rewrites on every write, beside the mapping's `modified_at`.
    static let writeStamps: Set<String> = [
        "SystemModstamp", "LastModifiedDate", "updatedAt", "properties.hs_lastmodifieddate", "DATE_MODIFY",
        "__updatedAt",
    ]

    let stamps: Set<String>

    init(mapping: SourceMapping) {
        var stamps = Self.writeStamps
        for entity in mapping.entities.values {
            if let path = entity.modifiedAtPath?.description { stamps.insert(path) }
        }
        self.stamps = stamps
    }

    func isEcho(_ candidate: LandingRepository.EchoCandidate) -> Bool {
        let decoder = JSONDecoder()
        guard let stored = try? decoder.decode(JSONValue.self, from: Data(candidate.storedPayloadJSON.utf8)),
            let pulled = try? decoder.decode(JSONValue.self, from: Data(candidate.record.payloadJSON.utf8))
        else { return false }
        // Path → the last value our deltas wrote there.
        var written: [String: JSONValue] = [:]
        for text in candidate.deltasJSON {
            guard let delta = try? decoder.decode(JSONValue.self, from: Data(text.utf8)),
                case .object(let fields)? = delta["fields"]
            else { return false }
            for (path, value) in fields { written[path] = value }
        }
        var lists: Set<String> = []
        for path in written.keys {
            if let bracket = path.firstIndex(of: "[") { lists.insert(String(path[..<bracket])) }
        }
        var changed: [(path: String, value: JSONValue?)] = []
        Self.differences(stored, pulled, at: "", into: &changed)
        guard !changed.isEmpty else { return false }
        for (path, value) in changed {
            if stamps.contains(path) || lists.contains(path) { continue }
            guard let wrote = written[path], let value, Self.text(wrote) == Self.text(value) else { return false }
        }
        return true
    }

    /// Leaf paths (objects flattened with `.`; lists and scalars are leaves) whose values differ, with the new one.
    static func differences(
        _ old: JSONValue?, _ new: JSONValue?, at path: String, into changed: inout [(path: String, value: JSONValue?)]
    ) {
        if case .object(let before)? = old, case .object(let after)? = new {
            for key in Set(before.keys).union(after.keys) {
                differences(before[key], after[key], at: path.isEmpty ? key : path + "." + key, into: &changed)
            }
            return
        }
        let same = (old ?? .null).canonicalBytes == (new ?? .null).canonicalBytes
        if !same { changed.append((path, new)) }
    }

    /// A value as text, so a flag sent as a JSON boolean matches a source that shows it as `"true"`.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            abs(number) < 1e15 && number == number.rounded() ? String(Int64(number)) : String(number)
        case .string(let text): text
        case .array, .object: String(decoding: value.canonicalBytes, as: UTF8.self)
        }
    }
}
