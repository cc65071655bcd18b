@testable import GoldenCore

/// libFuzzer entry point: the text primitives (ScalarText, Transliteration) against slow references.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    requireTextInvariants(fuzzText(bytes))
    return 0
}
