import GoldenCore

/// A value's one-edit spellings as keys, which a one-edit blocking rule groups values by: its own FNV-1a hash over its
/// Unicode scalars and one per spelling with one scalar left out, sorted and unique, below ``Blocker/splitFlag``.
///
/// Why a reusable buffer: a one-edit rule spells every distinct value of its attribute (hundreds of thousands in a
/// million-record table) on every run, incremental ones included. Three arrays per value and a hash of the whole
/// value per left-out scalar made that 1.8 µs a value, most of an organization run's blocking. Here the scalars and
/// the hash state before each scalar are kept in buffers that live as long as the caller's loop, and the spelling
/// without scalar `i` continues from the state before `i`, so it hashes only what follows `i`. The keys are the
/// ones the plain definition gives (`DeletionSpellingsTests` checks them against it).
struct DeletionSpellings {
    private var scalars: [UInt32] = []
    /// `prefix[i]`: the hash state after the first `i` scalars.
    private var prefix: [UInt64] = []
    private var spelled: [UInt64] = []

    /// The keys of `value`, valid until the next call.
    mutating func keys(of value: String) -> ArraySlice<UInt64> {
        scalars.removeAll(keepingCapacity: true)
        for scalar in value.unicodeScalars { scalars.append(scalar.value) }
        let count = scalars.count
        prefix.removeAll(keepingCapacity: true)
        spelled.removeAll(keepingCapacity: true)
        var state = StableHash.seed
        prefix.append(state)
        for scalar in scalars {
            state = (state ^ UInt64(scalar)) &* StableHash.prime
            prefix.append(state)
        }
        spelled.append(state & ~Blocker.splitFlag)
        // One letter left out of a one-letter value leaves nothing worth a block.
        if count > 1 {
            scalars.withUnsafeBufferPointer { scalars in
                for skipped in 0..<count {
                    var hash = prefix[skipped]
                    for index in (skipped + 1)..<count { hash = (hash ^ UInt64(scalars[index])) &* StableHash.prime }
                    spelled.append(hash & ~Blocker.splitFlag)
                }
            }
        }
        spelled.sort()
        spelled.removeAdjacentRepeats()
        return spelled[...]
    }
}

/// The spellings a fallback one-edit rule looks for (those of the unblocked records' values), asked about every
/// spelling of every value: a bit per bucket of a multiplicative hash screens out nearly every spelling that is not
/// there before a binary search of the sorted keys. (A `Set` hashed each of the millions of asks with SipHash.)
struct SpellingSet: Sendable {
    private let keys: [UInt64]
    private let bits: [UInt64]
    private let shift: UInt64

    init(_ unsorted: [UInt64]) {
        var keys = unsorted
        RadixSort.sort(&keys) { $0 }
        keys.removeAdjacentRepeats()
        // About sixteen bits per key: one ask in sixteen that is not there passes the screen.
        var bucketBits: UInt64 = 10
        while bucketBits < 32, 1 << bucketBits < keys.count * 16 { bucketBits += 1 }
        shift = 64 - bucketBits
        var bits = Array(repeating: UInt64(0), count: 1 << (bucketBits - 6))
        for key in keys {
            let bucket = Int((key &* 0x9E37_79B9_7F4A_7C15) >> (64 - bucketBits))
            bits[bucket >> 6] |= 1 << UInt64(bucket & 63)
        }
        self.keys = keys
        self.bits = bits
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        let bucket = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        guard bits[bucket >> 6] & (1 << UInt64(bucket & 63)) != 0 else { return false }
        var (low, high) = (0, keys.count)
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == key
    }
}
