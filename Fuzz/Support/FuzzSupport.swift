import Foundation

@testable import GoldenCore

// Shared checks of the libFuzzer targets in `Fuzz/Targets` (built by `scripts/fuzz`, never by `swift build`).
// A violated invariant calls `fatalError`, which libFuzzer reports as a crash and saves the input.

/// Built once per process: the dictionaries are the expensive part of a standardizer.
let fuzzStandardizers = Standardizers()

/// Stops the run with `message` when `condition` is false.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz invariant violated: \(message())") }
}

/// Idempotence failures are reported, not fatal, unless `FUZZ_IDEMPOTENCE=fatal`: adversarial text finds many
/// (a stray backtick, an initial next to U+FFFD), and a fatal one would end the run before it reaches a crash. The
/// first 30 of a run are printed with their input, then every 1,000th; the count is printed at exit.
nonisolated(unsafe) var idempotenceFailures = 0
let idempotenceIsFatal = ProcessInfo.processInfo.environment["FUZZ_IDEMPOTENCE"] == "fatal"

func requireIdempotent(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if condition() { return }
    if idempotenceIsFatal { fatalError("fuzz idempotence violated: \(message())") }
    if idempotenceFailures == 0 {
        atexit { report("fuzz: \(idempotenceFailures) idempotence failures in this run") }
    }
    idempotenceFailures += 1
    if idempotenceFailures <= 30 || idempotenceFailures % 1000 == 0 {
        report("IDEMPOTENCE #\(idempotenceFailures): \(message())")
    }
}

func report(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// The fuzz input as a `String`: malformed UTF-8 is repaired with U+FFFD, as every connector's decoding does.
func fuzzText(_ data: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: data, as: UTF8.self)
}

/// The input split at NUL bytes into at most `count` texts (missing ones are `nil`), for multi-field targets.
func fuzzFields(_ data: UnsafeBufferPointer<UInt8>, _ count: Int) -> [String?] {
    var fields = data.split(separator: 0, maxSplits: count - 1, omittingEmptySubsequences: false)
        .map { String?(String(decoding: $0, as: UTF8.self)) }
    while fields.count < count { fields.append(nil) }
    return fields
}

/// Regions the phone and address targets pick from with the input's first byte (nil: the standardizer's default).
let fuzzRegions: [RegionCode?] = [nil, .ru, .us, .ca, .gb, .de, .kz, .by, .ua, .uz, "FR", "XX", "", "ru", "Ё"]

/// `true` when `text` is blank the way the record standardizer sees it (blank values are skipped, not quarantined).
func isBlank(_ text: String) -> Bool { RecordStandardizer.Context.isBlank(text) }

/// Output text is valid UTF-8 and has no U+FFFD that the input did not have: a standardizer that cut a multi-byte
/// character in half would produce one when its bytes became a `String`.
func requireCleanText(_ output: String, from input: String, _ what: @autoclosure () -> String) {
    let valid = output.utf8.withContiguousStorageIfAvailable { String(validating: $0, as: UTF8.self) != nil } ?? true
    require(valid, "\(what()): output is not valid UTF-8")
    if output.unicodeScalars.contains("\u{FFFD}") {
        require(input.unicodeScalars.contains("\u{FFFD}"), "\(what()): U+FFFD in the output of \(debug(input))")
    }
}

func debug(_ text: String) -> String {
    "'\(text)' \(Array(text.utf8).map { String($0, radix: 16) }.joined(separator: " "))"
}

/// The invariants every field standardizer promises, through the CLI's generic result:
/// - `valid` means a value and no error; an invalid result exposes no keys;
/// - the value, keys and messages are clean text (see `requireCleanText`);
/// - a non-blank input without a value carries an error, so the record standardizer quarantines it with a reason;
/// - when `idempotent`, standardizing a valid value again gives the same value and the same keys.
func requireFieldInvariants(
    _ field: StandardField, _ input: String, region: RegionCode? = nil, idempotent: Bool = true
) {
    let first = fuzzStandardizers.standardize(field, input, region: region)
    let what = "\(field) of \(debug(input))"
    require(first.valid == (first.value != nil && !first.issues.contains(where: \.isError)), "\(what): valid flag")
    if !first.valid { require(first.keys.isEmpty, "\(what): keys of an invalid value") }
    if let value = first.value { requireCleanText(value, from: input, "\(what) value") }
    for (name, key) in first.keys { requireCleanText(key, from: input, "\(what) key \(name)") }
    for issue in first.issues {
        require(!issue.code.rawValue.isEmpty, "\(what): issue without a code")
        requireCleanText(issue.message, from: input, "\(what) message")
    }
    if first.value == nil && !isBlank(input) {
        require(first.issues.contains(where: \.isError), "\(what): no value and no error (nothing to quarantine)")
    }
    guard idempotent, first.valid, let value = first.value else { return }
    let second = fuzzStandardizers.standardize(field, value, region: region)
    requireIdempotent(
        second.valid, "\(what): the value \(debug(value)) is invalid when standardized again: \(second.issues)")
    requireIdempotent(second.value == value, "\(what): \(debug(value)) → \(debug(second.value ?? "nil"))")
    requireIdempotent(second.keys == first.keys, "\(what): keys \(first.keys) → \(second.keys)")
}

/// The same invariants for a typed result outside `StandardField` (a name in parts, a legal form alone).
func requireTypedInvariants<Value: MatchKeyed & Hashable>(
    _ result: Standardized<Value>, input: String, _ what: @autoclosure () -> String
) {
    let generic = StandardizationResult(field: .personName, input: input, result)
    if let value = generic.value { requireCleanText(value, from: input, "\(what()) value") }
    for (name, key) in generic.keys { requireCleanText(key, from: input, "\(what()) key \(name)") }
    for issue in result.issues { requireCleanText(issue.message, from: input, "\(what()) message") }
    if result.value == nil && !isBlank(input) {
        require(result.firstError != nil, "\(what()): no value and no error (nothing to quarantine)")
    }
}
