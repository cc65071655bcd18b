/// Trims, syntax-checks and classifies e-mail addresses.
///
/// The check is deliberately practical rather than RFC 5322-complete: CRM data holds typos, display names and
/// several addresses in one field, not quoted local parts. Domains may be internationalized (Cyrillic); local parts
/// must be ASCII because no Russian provider issues non-ASCII mailboxes.
public struct EmailStandardizer: Sendable {
    public var freeMailDomains: FreeMailDomains
    /// Lowercase local parts that denote a shared mailbox.
    public var roleLocalParts: Set<String> {
        didSet { roleBytes = ByteSet(ascii: roleLocalParts) }
    }
    /// `roleLocalParts` as bytes when all are ASCII (see `ByteSet(ascii:)`); `nil` sends lookups to the set.
    private var roleBytes: ByteSet?

    public init(freeMailDomains: FreeMailDomains = .builtIn, roleLocalParts: Set<String> = Self.builtInRoles) {
        self.freeMailDomains = freeMailDomains
        self.roleLocalParts = roleLocalParts
        self.roleBytes = ByteSet(ascii: roleLocalParts)
    }

    public static let builtInRoles: Set<String> = [
        "info", "sales", "office", "support", "admin", "administrator", "hr", "buh", "bukh", "buhgalteriya",
        "accounting", "accounts", "billing", "finance", "zakaz", "order", "orders", "mail", "contact", "contacts",
        "hello", "team", "help", "service", "marketing", "noreply", "no-reply", "postmaster", "webmaster",
        "reception", "secretary", "priemnaya", "priem", "kadry", "ok", "snab", "zakupki", "tender", "tenders",
        "jobs", "career", "press", "pr", "legal", "dir", "director", "manager", "post", "company", "general",
    ]

    /// Frequent provider typos, fixed with a warning so the address still matches its owner.
    static let domainTypos: [String: String] = [
        "gmial.com": "gmail.com", "gmai.com": "gmail.com", "gamil.com": "gmail.com", "gmail.co": "gmail.com",
        "gmail.con": "gmail.com", "gmail.ru": "gmail.com", "gmal.com": "gmail.com", "mail.ri": "mail.ru",
        "mai.ru": "mail.ru", "mail.r": "mail.ru", "mial.ru": "mail.ru", "yandex.ri": "yandex.ru",
        "yandx.ru": "yandex.ru", "yadex.ru": "yandex.ru", "yndex.ru": "yandex.ru", "yandex.r": "yandex.ru",
        "rambler.r": "rambler.ru", "hotmal.com": "hotmail.com", "hotmail.con": "hotmail.com",
        "outlok.com": "outlook.com", "yahoo.con": "yahoo.com", "inbox.r": "inbox.ru", "bk.r": "bk.ru",
    ]

    /// `domainTypos` keyed by bytes, for ASCII domains (where byte and string equality agree).
    static let domainTyposBytes = ByteTable(domainTypos.map { (Array($0.key.utf8), $0.value) })

    public func standardize(_ raw: String) -> Standardized<EmailAddress> {
        ScalarText.withUTF8(raw) { standardize(raw, utf8: $0) }
    }

    /// Everything works on UTF-8 bytes and index ranges: `Character`-based `Substring` search dominated the first
    /// profile, and copying the bytes into arrays the second.
    private func standardize(_ raw: String, utf8 bytes: UnsafeBufferPointer<UInt8>) -> Standardized<EmailAddress> {
        var issues: [StandardizationIssue] = []
        var (start, end) = Self.trimmed(bytes, start: 0, end: bytes.count)
        if start >= end { return .failure(.init("email.empty", "email is empty")) }
        if end - start > 7 {
            var isMailto = true
            for (offset, byte) in "mailto:".utf8.enumerated() where bytes[start + offset] | 0x20 != byte {
                isMailto = false
                break
            }
            // Trimmed again, as the bare address would be: `mailto:'a@b.ru` and `'a@b.ru` are the same address.
            if isMailto { (start, end) = Self.trimmed(bytes, start: start + 7, end: end) }
        }
        if let open = (start..<end).first(where: { bytes[$0] == UInt8(ascii: "<") }),
            let close = (open..<end).first(where: { bytes[$0] == UInt8(ascii: ">") })
        {
            // Spaces and quotes are trimmed inside the brackets as around a bare address, so the kept address
            // reads back as itself: `<`a@b.ru>` gave `` `a@b.ru ``, which standardized again to `a@b.ru`.
            (start, end) = Self.trimmed(bytes, start: open + 1, end: close)
        }
        if let separator = (start..<end).first(where: {
            let byte = bytes[$0]
            return byte == 44 || byte == 59 || byte == 32 || byte == 9
        }) {
            if ((separator + 1)..<end).contains(where: { bytes[$0] == UInt8(ascii: "@") }) {
                issues.append(
                    .init("email.multiple", "email '\(raw)' holds several addresses; only the first is kept",
                        severity: .warning))
            }
            end = separator
        }
        var atIndex: Int?
        for index in start..<end where bytes[index] == UInt8(ascii: "@") {
            if atIndex != nil {
                return .failure(.init("email.syntax", "email '\(raw)' has more than one '@'"), issues: issues)
            }
            atIndex = index
        }
        guard let at = atIndex else {
            return .failure(.init("email.syntax", "email '\(raw)' has no '@'"), issues: issues)
        }
        let local = UnsafeBufferPointer(rebasing: bytes[start..<at])
        var domainEnd = end
        while domainEnd > at + 1, bytes[domainEnd - 1] == UInt8(ascii: ".") { domainEnd -= 1 }
        if let problem = Self.localPartProblem(local) {
            return .failure(.init("email.syntax", "email '\(raw)': local part \(problem)"), issues: issues)
        }
        let domainBytes = UnsafeBufferPointer(rebasing: bytes[(at + 1)..<domainEnd])
        let asciiDomain = !domainBytes.contains(where: { $0 >= 0x80 })
        var domain = Self.lowercasedDomain(domainBytes, ascii: asciiDomain)
        if let fixed = asciiDomain
            ? domain.utf8.withContiguousStorageIfAvailable({ Self.domainTyposBytes.value($0) }) ?? Self.domainTypos[domain]
            : Self.domainTypos[domain]
        {
            issues.append(
                .init("email.domain_typo", "email '\(raw)': domain '\(domain)' corrected to '\(fixed)'",
                    severity: .warning))
            domain = fixed
        }
        if let problem = Self.domainProblem(domain) {
            return .failure(.init("email.domain", "email '\(raw)': domain \(problem)"), issues: issues)
        }
        // `localPartProblem` has rejected every non-ASCII local part.
        let address = EmailAddress(
            asciiLocalPart: local, domain: domain, isFreeMail: freeMailDomains.contains(domain),
            isRole: isRole(local))
        return Standardized(value: address, issues: issues)
    }

    /// The byte range `start..<end` of `bytes` without leading and trailing spaces and quotes; both bounds must be
    /// at scalar boundaries.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> (start: Int, end: Int) {
        precondition(0 <= start && start <= end && end <= bytes.count, "range outside the buffer")
        @inline(__always) func strip(_ value: UInt32) -> Bool {
            let scalar = Unicode.Scalar(value)!
            return ScalarText.isSpace(scalar) || ScalarText.isQuote(scalar)
        }
        var start = start
        var end = end
        while start < end {
            let (value, length) = ScalarText.decode(bytes, at: start)
            guard strip(value) else { break }
            start += length
        }
        while end > start {
            var lead = end - 1
            while bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard strip(ScalarText.decode(bytes, at: lead).value) else { break }
            end = lead
        }
        return (start, end)
    }

    /// A role mailbox: the local part (or its first dotted/dashed segment, `info.msk@`) is a role word.
    func isRole(_ localPart: String) -> Bool { ScalarText.withUTF8(localPart) { isRole($0) } }

    func isRole(_ local: ArraySlice<UInt8>) -> Bool { local.withUnsafeBufferPointer { isRole($0) } }

    func isRole(_ local: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = local.count
        if let plus = local.firstIndex(of: UInt8(ascii: "+")) { end = plus }
        if isRoleWord(UnsafeBufferPointer(rebasing: local[..<end])) { return true }
        if let cut = local[..<end].firstIndex(where: { $0 == 46 || $0 == 45 || $0 == 95 }) {
            return isRoleWord(UnsafeBufferPointer(rebasing: local[..<cut]))
        }
        return false
    }

    /// `roleLocalParts` contains `word` with ASCII letters lowercased.
    private func isRoleWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let roleBytes, !word.contains(where: { $0 >= 0x80 }) else {
            return roleLocalParts.contains(Self.lowercasedASCII(word))
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.count) { storage in
            var lower = ByteBuffer(storage)
            for byte in word { lower.append(byte &- 65 < 26 ? byte + 32 : byte) }
            return roleBytes.contains(lower.bytes)
        }
    }

    /// A string of `bytes` with ASCII letters lowercased, built without an intermediate array.
    static func lowercasedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(utf8Capacity: bytes.count) { text in
            for byte in bytes { text.append(byte &- 65 < 26 ? byte + 32 : byte) }
        }
    }

    static func localPartProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "is empty" }
        if bytes.count > 64 { return "is longer than 64 characters" }
        if bytes.first == UInt8(ascii: ".") || bytes.last == UInt8(ascii: ".") { return "starts or ends with a dot" }
        var previousDot = false
        for byte in bytes {
            if byte >= 0x80 { return "has non-Latin characters" }
            let isDot = byte == UInt8(ascii: ".")
            if isDot && previousDot { return "has two dots in a row" }
            previousDot = isDot
            if !allowedLocal[Int(byte)] { return "has the character '\(Character(Unicode.Scalar(byte)))'" }
        }
        return nil
    }

    /// RFC 5322 atext plus the dot.
    private static let allowedLocal: [Bool] = (0..<128).map { code in
        let byte = UInt8(code)
        if byte &- 97 < 26 || byte &- 65 < 26 || byte &- 48 < 10 { return true }
        return "!#$%&'*+/=?^_`{|}~-.".utf8.contains(byte)
    }

    static func lowercasedDomain(_ domain: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String {
        if ascii { return lowercasedASCII(domain) }
        return ScalarText.lowercased(String(decoding: domain, as: UTF8.self))
    }

    static func lowercasedDomain(_ domain: ArraySlice<UInt8>) -> String {
        if !domain.contains(where: { $0 >= 0x80 }) {
            return ScalarText.string(domain.map { $0 &- 65 < 26 ? $0 + 32 : $0 })
        }
        return ScalarText.lowercased(ScalarText.string(Array(domain)))
    }

    static func lowercasedDomain(_ domain: Substring) -> String {
        lowercasedDomain(ArraySlice(domain.utf8))
    }

    static func domainProblem(_ domain: String) -> String? {
        // Most domains are plain ASCII and valid: checked on bytes, and only a suspect one is described by the
        // scalar-level check below.
        let plain = ScalarText.withUTF8(domain) { isPlainValidDomain($0) }
        return plain ? nil : describeDomainProblem(domain)
    }

    /// `true` only for an ASCII domain that `describeDomainProblem` accepts: dot-separated labels of 1–63
    /// letters, digits and inner hyphens, at most 253 bytes, at least two labels, a last label of two or more
    /// characters that are not all digits.
    static func isPlainValidDomain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        var labels = 0
        var labelLength = 0
        var lastLabelAllDigits = true
        var previous = UInt8(ascii: ".")
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if labelLength == 0 || previous == UInt8(ascii: "-") { return false }
                labels += 1
                labelLength = 0
                lastLabelAllDigits = true
            } else {
                if byte == UInt8(ascii: "-") {
                    if labelLength == 0 { return false }
                    lastLabelAllDigits = false
                } else if byte &- 48 < 10 {
                } else if (byte | 0x20) &- 97 < 26 {
                    lastLabelAllDigits = false
                } else {
                    return false
                }
                labelLength += 1
                if labelLength > 63 { return false }
            }
            previous = byte
        }
        return labelLength > 0 && previous != UInt8(ascii: "-") && labels > 0 && !lastLabelAllDigits
            && labelLength >= 2
    }

    static func describeDomainProblem(_ domain: String) -> String? {
        if domain.isEmpty { return "is empty" }
        if domain.utf8.count > 253 { return "is longer than 253 characters" }
        var labels = 0
        var labelLength = 0
        var labelStartsWithHyphen = false
        var previous: Unicode.Scalar = "."
        var lastLabelAllDigits = true
        for scalar in domain.unicodeScalars {
            if scalar == "." {
                if labelLength == 0 { return "has an empty label" }
                if previous == "-" { return "has a label ending with '-'" }
                labels += 1
                labelLength = 0
                lastLabelAllDigits = true
            } else {
                if labelLength == 0 { labelStartsWithHyphen = scalar == "-" }
                if labelStartsWithHyphen { return "has a label starting with '-'" }
                labelLength += 1
                if labelLength > 63 { return "has a label longer than 63 characters" }
                if ScalarText.isDigit(scalar) {
                } else if scalar == "-" || ScalarText.isLetter(scalar) {
                    lastLabelAllDigits = false
                } else {
                    return "has the character '\(Character(scalar))'"
                }
            }
            previous = scalar
        }
        if labelLength == 0 { return "ends with an empty label" }
        if previous == "-" { return "has a label ending with '-'" }
        if labels == 0 { return "has no top-level domain" }
        if lastLabelAllDigits || labelLength < 2 { return "has an invalid top-level domain" }
        return nil
    }
}
