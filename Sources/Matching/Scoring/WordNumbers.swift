import Foundation

/// Numbers the space-separated words of names, equal words (as `String` compares them: canonically equivalent
/// text) one number, by their bytes.
///
/// Why not a `[Substring: Int]`: hashing a `Substring` of non-ASCII text normalizes it as it goes, which made
/// numbering the words of every distinct name most of compiling the distinctive-name rule. Here a word's key is its
/// NFC form's UTF-8 bytes, in an open-addressing table. A name of only ASCII, Latin-1 and Latin Extended letters
/// (below U+0300) and basic Cyrillic (U+0400–U+047F) is already in NFC (none of those is a combining mark or
/// changes under composition) and no space in it joins the next scalar into one `Character`, so its words are cut
/// at its space bytes and taken as they are; any other name is split as `String` splits it and each word normalized
/// (`precomposedStringWithCanonicalMapping`). Two words get one number exactly when `String` calls them equal
/// (`RareNamesTests` checks it with words written both ways and a space before an accent mark).
struct WordNumbers {
    /// The words' bytes, one after another; word `n` is `bytes[starts[n]..<starts[n + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing: a word's number, or -1.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// How many different words have a number.
    var count: Int { hashes.count }

    /// Calls `body` with the number of each word of `name`, in order: its words are `name.split(separator: " ")`.
    mutating func forEachWord(of name: String, _ body: (Int32) -> Void) {
        var name = name
        let composed = name.withUTF8 { utf8 in
            // A lead byte of U+0300–U+03FF (0xCC–0xCF), of U+0480 and above (0xD2 and up), or of anything past two
            // bytes: not known to be in NFC, nor known not to join a space into one `Character`.
            !utf8.contains { $0 >= 0xCC && $0 != 0xD0 && $0 != 0xD1 }
        }
        guard composed else {
            for word in name.split(separator: " ") {
                var normalized = String(word).precomposedStringWithCanonicalMapping
                normalized.withUTF8 { body(number(of: $0)) }
            }
            return
        }
        name.withUTF8 { utf8 in
            var start = 0
            while start < utf8.count {
                var end = start
                while end < utf8.count, utf8[end] != 0x20 { end += 1 }
                // Spaces side by side, or at either end, leave no word (as `split` leaves none).
                if end > start { body(number(of: UnsafeBufferPointer(rebasing: utf8[start..<end]))) }
                start = end + 1
            }
        }
    }

    /// The number of the word with these (NFC) bytes, a new one for a word not seen yet.
    private mutating func number(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = StableHash.fnv(word)
        var slot = home(hash)
        while true {
            let known = slots[slot]
            if known < 0 { break }
            if hashes[Int(known)] == hash, matches(Int(known), word) { return known }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        slots[slot] = id
        hashes.append(hash)
        bytes.append(contentsOf: word)
        starts.append(Int32(bytes.count))
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    /// A word's first slot: its hash's high bits, spread (FNV's low bits follow the last byte closely).
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    private func matches(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let (start, end) = (Int(starts[id]), Int(starts[id + 1]))
        guard end - start == word.count else { return false }
        return bytes[start..<end].elementsEqual(word)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = home(hash)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
