@testable import GoldenCore

/// libFuzzer entry point: a person's name in parts (given, middle and family, separated by NUL bytes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let parts = fuzzFields(bytes, 3)
    let result = fuzzStandardizers.personName.standardize(given: parts[0], middle: parts[1], family: parts[2])
    let joined = RecordStandardizer.joinedParts(parts[2], parts[0], parts[1])
    requireTypedInvariants(result, input: joined, "person name in parts \(parts)")
    return 0
}
