@testable import GoldenCore

/// libFuzzer entry point: a postal address in a region picked by the first byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let selector = bytes.first else { return 0 }
    let region = fuzzRegions[Int(selector) % fuzzRegions.count]
    requireFieldInvariants(.address, fuzzText(UnsafeBufferPointer(rebasing: bytes.dropFirst())), region: region)
    return 0
}
