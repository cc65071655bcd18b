/// A fixed lookup table keyed by byte strings (the lowercase UTF-8 lookup form), built once in a `static let`.
///
/// `Dictionary<[UInt8], V>` hashes a key byte by byte through `Hasher` (SipHash), and the key has to be an `Array`,
/// so every lookup of a word cut out of a larger buffer allocated a copy. This table hashes the whole key in one
/// loop (FNV-1a), probes linearly and compares with `memcmp`-like loops, and takes any contiguous bytes: an
/// `Array`, an `ArraySlice` or a raw buffer.
struct ByteTable<Value: Sendable>: Sendable {
    /// All keys, concatenated.
    private let keyBytes: [UInt8]
    /// Per entry: start of its key in `keyBytes`; the key ends where the next one starts.
    private let keyStarts: [Int]
    private let values: [Value]
    /// Entry index + 1 per slot; 0 is an empty slot.
    private let slots: [Int32]
    private let mask: Int

    /// Builds the table; a key that occurs again replaces the earlier value (as a dictionary subscript would).
    init(_ entries: some Sequence<([UInt8], Value)>) {
        var keys: [[UInt8]] = []
        var values: [Value] = []
        var positions: [[UInt8]: Int] = [:]
        for (key, value) in entries {
            if let position = positions[key] {
                values[position] = value
            } else {
                positions[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
        var capacity = 8
        while capacity < keys.count * 3 { capacity *= 2 }
        var keyBytes: [UInt8] = []
        var keyStarts: [Int] = []
        for key in keys {
            keyStarts.append(keyBytes.count)
            keyBytes.append(contentsOf: key)
        }
        keyStarts.append(keyBytes.count)
        var slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (index, key) in keys.enumerated() {
            var slot = key.withUnsafeBufferPointer { Int(truncatingIfNeeded: ByteTable.hash($0)) } & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
        // What `entryIndex` reads without further checks: every slot is empty or names an entry whose key range
        // lies inside `keyBytes` (the starts ascend to `keyBytes.count`), and `& mask` stays inside `slots`.
        precondition(slots.count == mask + 1 && capacity & mask == 0, "slot count is a power of two")
        precondition(keyStarts.count == keys.count + 1 && keyStarts.last == keyBytes.count, "key ranges")
        self.keyBytes = keyBytes
        self.keyStarts = keyStarts
        self.values = values
        self.slots = slots
        self.mask = mask
    }

    /// Builds a table from a dictionary's pairs.
    init(_ dictionary: [[UInt8]: Value]) {
        self.init(dictionary.map { ($0.key, $0.value) })
    }

    var count: Int { values.count }

    /// A multiply-xor hash over the key eight bytes at a time (byte-at-a-time FNV-1a was the largest part of a
    /// lookup for Cyrillic words, whose UTF-8 is twice their length). Only this process's tables use it.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(truncatingIfNeeded: key.count)
        let raw = UnsafeRawBufferPointer(key)
        var i = 0
        while i + 8 <= key.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
            hash ^= hash >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(key[i]) << shift
            shift += 8
            i += 1
        }
        hash = (hash ^ tail) &* multiplier
        return hash ^ (hash >> 29)
    }

    func value(_ key: UnsafeBufferPointer<UInt8>) -> Value? {
        let index = entryIndex(key)
        return index < 0 ? nil : values[index]
    }

    func value(_ key: [UInt8]) -> Value? { key.withUnsafeBufferPointer { value($0) } }
    func value(_ key: ArraySlice<UInt8>) -> Value? { key.withUnsafeBufferPointer { value($0) } }

    func contains(_ key: UnsafeBufferPointer<UInt8>) -> Bool { entryIndex(key) >= 0 }
    func contains(_ key: [UInt8]) -> Bool { key.withUnsafeBufferPointer { entryIndex($0) >= 0 } }
    func contains(_ key: ArraySlice<UInt8>) -> Bool { key.withUnsafeBufferPointer { entryIndex($0) >= 0 } }

    /// The entry's index, or -1. The indices are in bounds by the invariants `init` checks.
    private func entryIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        let length = key.count
        var slot = Int(truncatingIfNeeded: ByteTable.hash(key)) & mask
        return slots.withUnsafeBufferPointer { slots in
            keyStarts.withUnsafeBufferPointer { starts in
                keyBytes.withUnsafeBufferPointer { bytes in
                    while true {
                        let entry = Int(slots[slot]) - 1
                        if entry < 0 { return -1 }
                        let start = starts[entry]
                        if starts[entry + 1] - start == length {
                            var equal = true
                            var i = 0
                            while i < length {
                                if bytes[start + i] != key[i] { equal = false; break }
                                i += 1
                            }
                            if equal { return entry }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }
}

/// A set of byte strings: `ByteTable` without values.
struct ByteSet: Sendable {
    private let table: ByteTable<Bool>

    init(_ keys: some Sequence<[UInt8]>) {
        table = ByteTable(keys.map { ($0, true) })
    }

    var count: Int { table.count }

    /// The strings' UTF-8 as a set when every one is ASCII, where byte equality is `String` equality (no
    /// normalization can make another string equal to an ASCII one); `nil` otherwise, and callers keep their
    /// `Set<String>`. Hashing a `String` for `Set.contains` cost more than the rest of an e-mail's classification.
    init?(ascii strings: some Collection<String>) {
        guard strings.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        self.init(strings.map { Array($0.utf8) })
    }

    func contains(_ key: UnsafeBufferPointer<UInt8>) -> Bool { table.contains(key) }
    func contains(_ key: [UInt8]) -> Bool { table.contains(key) }
    func contains(_ key: ArraySlice<UInt8>) -> Bool { table.contains(key) }
}
