import Foundation

extension UUID {
    /// The id as PostgreSQL prints it (lowercase hex with dashes), written without `uuidString`: that one goes
    /// through `snprintf` and then needs lowercasing, and a full run prints ids a few million times.
    public var lowercasedText: String {
        withLowercasedText { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the 36 bytes of ``lowercasedText``, for writers that copy them into a buffer of their own.
    @inlinable
    public func withLowercasedText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            withUnsafeBytes(of: uuid) { bytes in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let byte = bytes[index]
                    text[position] = Self.hexDigit(byte >> 4)
                    text[position + 1] = Self.hexDigit(byte & 0x0F)
                    position += 2
                }
            }
            return try body(UnsafeBufferPointer(text))
        }
    }

    @inlinable
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
