@testable import GoldenCore

/// libFuzzer entry point: a whole RawSourceRecord built from NUL-separated fields, through RecordStandardizer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    requireRecordInvariants(bytes)
    return 0
}
