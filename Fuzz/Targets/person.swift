@testable import GoldenCore

/// libFuzzer entry point: a person's full name in one string.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    requireFieldInvariants(.personName, fuzzText(bytes))
    return 0
}
