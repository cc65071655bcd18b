@testable import GoldenCore

/// libFuzzer entry point: a company name, and the same text as a legal form on its own.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = fuzzText(bytes)
    requireFieldInvariants(.companyName, text)
    requireTypedInvariants(fuzzStandardizers.companyName.legalForm(text), input: text, "legal form")
    return 0
}
