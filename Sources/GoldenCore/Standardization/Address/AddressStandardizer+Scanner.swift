/// The byte-level half of `AddressStandardizer`: one pass over the UTF-8 that cuts words and commas into two
/// stack buffers (display and lookup bytes) behind `ByteBuffer` views.
///
/// The rules (marker spellings and their display forms, country words, postcode shapes, how parts are ordered) are
/// in `AddressStandardizer.swift`; this file reads bytes and applies the marker table, and changes no rule.
extension AddressStandardizer {
    /// Runs `body` on the scan of `utf8`; the scan's two byte buffers live on the stack for the call.
    ///
    /// Display bytes can outgrow the input where a short spelling gets a long marker ("к" → "корп.", at most 4.5
    /// times the word), lookup bytes where a lowercase letter is wider than its capital (at most 1.5 times);
    /// `ByteBuffer` checks both bounds.
    static func withScan<Result>(of utf8: UnsafeBufferPointer<UInt8>, _ body: (Scan) -> Result) -> Result {
        let textCapacity = 5 * utf8.count + 16
        let lowerCapacity = 2 * utf8.count + 16
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textCapacity + lowerCapacity) { storage in
            var scan = Scan(
                text: ByteBuffer(UnsafeMutableBufferPointer(rebasing: storage[..<textCapacity])),
                lower: ByteBuffer(UnsafeMutableBufferPointer(rebasing: storage[textCapacity...])))
            scan.run(utf8)
            return body(scan)
        }
    }

    /// One byte pass over the address: words and commas as ranges of two flat buffers.
    struct Scan {
        /// Display bytes of every item, back to back.
        var textBytes: ByteBuffer
        /// Lookup-form bytes of every item, back to back.
        var lowerBytes: ByteBuffer
        var items: [Item] = []
        /// Where the word being read starts in `textBytes` / `lowerBytes`.
        private var wordText = 0
        private var wordLower = 0

        init(text: ByteBuffer, lower: ByteBuffer) {
            textBytes = text
            lowerBytes = lower
        }

        /// Splits into words and commas. Words keep inner `-` and `/` (`12/3`, `пр-т`); a dot ends a word.
        mutating func run(_ raw: UnsafeBufferPointer<UInt8>) {
            items.reserveCapacity(16)
            var i = 0
            while i < raw.count {
                let byte = raw[i]
                if byte < 0x80 {
                    i += 1
                    if (byte | 0x20) &- 97 < 26 || byte &- 48 < 10 {
                        textBytes.append(byte)
                        lowerBytes.append(byte &- 65 < 26 ? byte + 32 : byte)
                    } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")) && textBytes.count > wordText {
                        textBytes.append(byte)
                        lowerBytes.append(byte)
                    } else {
                        flush()
                        if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") { appendComma() }
                    }
                    continue
                }
                let (value, length) = ScalarText.decode(raw, at: i)
                let scalar = Unicode.Scalar(value)!
                if ScalarText.isLetter(scalar) {
                    for k in i..<(i + length) { textBytes.append(raw[k]) }
                    ScalarText.appendLookup(scalar, to: &lowerBytes)
                } else if textBytes.count > wordText && ScalarText.isDash(scalar) {
                    textBytes.append(UInt8(ascii: "-"))
                    lowerBytes.append(UInt8(ascii: "-"))
                } else {
                    flush()
                }
                i += length
            }
            flush()
            while items.last?.isComma == true { items.removeLast() }
        }

        private mutating func appendComma() {
            if let last = items.last, !last.isComma {
                items.append(
                    Item(
                        textStart: textBytes.count, textEnd: textBytes.count, lowerStart: lowerBytes.count,
                        lowerEnd: lowerBytes.count, isComma: true))
            }
        }

        private mutating func flush() {
            while textBytes.count > wordText, let last = textBytes.last,
                last == UInt8(ascii: "-") || last == UInt8(ascii: "/")
            {
                textBytes.removeLast()
                lowerBytes.removeLast()
            }
            defer {
                wordText = textBytes.count
                wordLower = lowerBytes.count
            }
            guard textBytes.count > wordText else { return }
            let lowerEnd = lowerBytes.count
            let marker = AddressStandardizer.markers.value(lowerBytes[wordLower..<lowerEnd])
            if let marker {
                replaceText(from: wordText, with: AddressStandardizer.markerDisplays[marker])
                items.append(
                    Item(
                        textStart: wordText, textEnd: textBytes.count, lowerStart: wordLower, lowerEnd: lowerEnd,
                        marker: marker))
                return
            }
            let length = lowerEnd - wordLower
            // Glued markers ("д1", "корп2а") are Cyrillic letters followed by a digit: a word that does not start
            // with a Cyrillic byte or has no digit is none.
            let lead = lowerBytes[wordLower]
            guard lead == 0xD0 || lead == 0xD1, lowerBytes[wordLower..<lowerEnd].contains(where: { $0 &- 48 < 10 })
            else {
                items.append(
                    Item(textStart: wordText, textEnd: textBytes.count, lowerStart: wordLower, lowerEnd: lowerEnd))
                return
            }
            for glued in AddressStandardizer.gluedMarkers where length > glued.count {
                guard lowerBytes[wordLower..<(wordLower + glued.count)].elementsEqual(glued),
                    lowerBytes[wordLower + glued.count] &- 48 < 10,
                    let marker = AddressStandardizer.markers.value(glued)
                else { continue }
                // "д1": the marker, then the number (its original bytes after the marker's length).
                let number = Array(textBytes[(wordText + glued.count)..<textBytes.count])
                replaceText(from: wordText, with: AddressStandardizer.markerDisplays[marker])
                let displayEnd = textBytes.count
                items.append(
                    Item(
                        textStart: wordText, textEnd: displayEnd, lowerStart: wordLower,
                        lowerEnd: wordLower + glued.count, marker: marker))
                textBytes.append(contentsOf: number)
                items.append(
                    Item(
                        textStart: displayEnd, textEnd: textBytes.count, lowerStart: wordLower + glued.count,
                        lowerEnd: lowerEnd))
                return
            }
            items.append(
                Item(textStart: wordText, textEnd: textBytes.count, lowerStart: wordLower, lowerEnd: lowerEnd))
        }

        private mutating func replaceText(from start: Int, with bytes: [UInt8]) {
            textBytes.truncate(to: start)
            textBytes.append(contentsOf: bytes)
        }

        func text(_ item: Item) -> String {
            String(decoding: textBytes[item.textStart..<item.textEnd], as: UTF8.self)
        }

        func startsWithDigit(_ item: Item) -> Bool {
            item.lowerEnd > item.lowerStart && lowerBytes[item.lowerStart] &- 48 < 10
        }

        /// The index of the postcode word for the region (RU/KZ/BY: 6 digits, US/DE: 5 digits, GB: "SW1A 1AA").
        func postcodeIndex(region: RegionCode, isGB: Bool) -> Int? {
            let bytes = textBytes.bytes
            func slice(_ item: Item) -> Slice<UnsafeBufferPointer<UInt8>> { bytes[item.textStart..<item.textEnd] }
            func digits(_ item: Item, _ count: Int) -> Bool {
                item.textEnd - item.textStart == count && slice(item).allSatisfy { $0 &- 48 < 10 }
            }
            if isGB {
                for index in items.indices.dropLast()
                where AddressStandardizer.isOutwardCode(slice(items[index]))
                    && AddressStandardizer.isInwardCode(slice(items[index + 1]))
                {
                    return index
                }
                return nil
            }
            switch region {
            case .us:
                return items.lastIndex { digits($0, 5) || AddressStandardizer.isZipPlus4(slice($0)) }
            case .de:
                return items.firstIndex { digits($0, 5) }
            case _ where AddressStandardizer.fourDigitPostcodeRegions.contains(region):
                // Written after the street and town ("6 Tullaroop St, St James 4011 WA"): the last four-digit word,
                // so a four-digit house number in front is not taken for it.
                return items.lastIndex { digits($0, 4) }
            default:
                return items.firstIndex { digits($0, 6) }
            }
        }

        /// Lowercase words (markers in their token form) without postcode and country words, sorted, unique and
        /// joined by single spaces.
        ///
        /// The words are sorted as views of the scan's lookup bytes and of the markers' token bytes, and written
        /// once into the result: copying every word into a separate buffer first cost a fifth of an address.
        func tokenText(skipping isPostcode: (Int) -> Bool) -> String {
            let countryWords = AddressStandardizer.countryWords
            let markerTokens = AddressStandardizer.markerTokens
            let lower = lowerBytes.bytes
            return markerTokens.bytes.withUnsafeBufferPointer { markerBytes in
                var words: [UnsafeBufferPointer<UInt8>] = []
                words.reserveCapacity(items.count)
                for index in items.indices where !items[index].isComma && !isPostcode(index) {
                    let item = items[index]
                    let word: UnsafeBufferPointer<UInt8>
                    if item.marker >= 0 {
                        // No marker's token is a country word.
                        word = UnsafeBufferPointer(rebasing: markerBytes[markerTokens.ranges[item.marker]])
                    } else {
                        word = UnsafeBufferPointer(rebasing: lower[item.lowerStart..<item.lowerEnd])
                        if countryWords.contains(word) { continue }
                    }
                    words.append(word)
                }
                return ScalarText.sortedUniqueJoined(&words)
            }
        }

        /// Words joined by spaces, commas attached to the word before them.
        ///
        /// Written straight into the string's storage (at most one separator per item), not through an array.
        func render() -> String {
            let source = textBytes.bytes
            return String(utf8Capacity: source.count + items.count) { text in
                for item in items {
                    if item.isComma {
                        text.append(44)
                    } else {
                        if !text.isEmpty { text.append(32) }
                        text.append(contentsOf: UnsafeBufferPointer(rebasing: source[item.textStart..<item.textEnd]))
                    }
                }
            }
        }
    }
}
