@testable import GoldenCore

/// libFuzzer entry point: a job title.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    requireFieldInvariants(.jobTitle, fuzzText(bytes))
    return 0
}
