@testable import GoldenCore

/// libFuzzer entry point: INN, KPP, OGRN, SNILS or a web domain, picked by the first byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let selector = bytes.first else { return 0 }
    let fields: [StandardField] = [.inn, .kpp, .ogrn, .snils, .website]
    requireFieldInvariants(fields[Int(selector) % fields.count], fuzzText(UnsafeBufferPointer(rebasing: bytes.dropFirst())))
    return 0
}
