/// Something bytes can be appended to: a `[UInt8]`, or a `ByteBuffer` over storage the caller owns.
protocol ByteAppending {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteAppending where Element == UInt8 {}

/// A fixed-capacity byte buffer over caller-provided storage, typically `withUnsafeTemporaryAllocation`.
///
/// For scratch bytes on the hottest paths: appending to an `Array` stored in a struct checks uniqueness and
/// capacity on every byte, and the array itself is a heap allocation per value. Every access is still bounds
/// checked (`precondition`, kept in optimized builds), so a wrong capacity estimate stops the process instead of
/// writing past the storage.
struct ByteBuffer: ByteAppending {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ storage: UnsafeMutableBufferPointer<UInt8>) {
        self.storage = storage
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < storage.count, "ByteBuffer capacity exceeded")
        storage[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Contiguous bytes in one bounds check and one copy.
    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count <= storage.count - count, "ByteBuffer capacity exceeded")
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (storage.baseAddress! + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    var isEmpty: Bool { count == 0 }

    var last: UInt8? { count > 0 ? storage[count - 1] : nil }

    @inline(__always)
    mutating func removeLast() {
        precondition(count > 0, "removeLast on an empty ByteBuffer")
        count -= 1
    }

    /// Overwrites the last byte.
    @inline(__always)
    mutating func replaceLast(with byte: UInt8) {
        precondition(count > 0, "replaceLast on an empty ByteBuffer")
        storage[count - 1] = byte
    }

    /// Drops every byte from `newCount` on.
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "ByteBuffer truncation out of range")
        count = newCount
    }

    @inline(__always)
    subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "ByteBuffer index out of range")
        return storage[index]
    }

    /// A view of `range`, valid while the storage is.
    @inline(__always)
    subscript(range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "ByteBuffer range out of range")
        return UnsafeBufferPointer(rebasing: storage[range])
    }

    /// A view of all bytes, valid while the storage is.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage[..<count]) }
}

extension String {
    /// A string of at most `capacity` UTF-8 bytes, written through a `ByteBuffer` straight into the string's
    /// storage: no intermediate array, and every write bounds-checked. `body` must write valid UTF-8.
    init(utf8Capacity capacity: Int, writing body: (inout ByteBuffer) -> Void) {
        self.init(unsafeUninitializedCapacity: capacity) { storage in
            var buffer = ByteBuffer(storage)
            body(&buffer)
            return buffer.count
        }
    }
}
