@testable import GoldenCore

/// libFuzzer entry point: an e-mail address.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    requireFieldInvariants(.email, fuzzText(bytes))
    return 0
}
