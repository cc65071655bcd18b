/// Trims, syntax-checks and classifies e-mail addresses.
///
/// The check is deliberately practical rather than RFC 5322-complete: CRM data holds typos, display names and
/// several addresses in one field, not quoted local parts. Domains may be internationalized (Cyrillic); local parts
/// must be ASCII because no Russian provider issues non-ASCII mailboxes.
public struct EmailStandardizer: Sendable {
    public var freeMailDomains: FreeMailDomains
    /// Lowercase local parts that denote a shared mailbox.
    public var roleLocalParts: Set<String>

    public init(freeMailDomains: FreeMailDomains = .builtIn, roleLocalParts: Set<String> = Self.builtInRoles) {
        self.freeMailDomains = freeMailDomains
        self.roleLocalParts = roleLocalParts
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

    public func standardize(_ raw: String) -> Standardized<EmailAddress> {
        var issues: [StandardizationIssue] = []
        var trimmed = Substring(raw)
        trim(&trimmed)
        // Everything below works on UTF-8 bytes: Character-based Substring search dominated the profile.
        var bytes = Array(trimmed.utf8)
        if bytes.isEmpty { return .failure(.init("email.empty", "email is empty")) }
        if bytes.count > 7, bytes.prefix(7).map({ $0 | 0x20 }).elementsEqual("mailto:".utf8) {
            bytes.removeFirst(7)
        }
        if let open = bytes.firstIndex(of: UInt8(ascii: "<")),
            let close = bytes[open...].firstIndex(of: UInt8(ascii: ">"))
        {
            bytes = Array(bytes[(open + 1)..<close])
            while let first = bytes.first, first == 32 { bytes.removeFirst() }
            while let last = bytes.last, last == 32 { bytes.removeLast() }
        }
        if let separator = bytes.firstIndex(where: { $0 == 44 || $0 == 59 || $0 == 32 || $0 == 9 }) {
            if bytes[(separator + 1)...].contains(UInt8(ascii: "@")) {
                issues.append(
                    .init("email.multiple", "email '\(raw)' holds several addresses; only the first is kept",
                        severity: .warning))
            }
            bytes.removeSubrange(separator...)
        }
        var atIndex: Int?
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "@") {
            if atIndex != nil {
                return .failure(.init("email.syntax", "email '\(raw)' has more than one '@'"), issues: issues)
            }
            atIndex = index
        }
        guard let at = atIndex else {
            return .failure(.init("email.syntax", "email '\(raw)' has no '@'"), issues: issues)
        }
        let local = bytes[..<at]
        var domainEnd = bytes.count
        while domainEnd > at + 1, bytes[domainEnd - 1] == UInt8(ascii: ".") { domainEnd -= 1 }
        if let problem = Self.localPartProblem(local) {
            return .failure(.init("email.syntax", "email '\(raw)': local part \(problem)"), issues: issues)
        }
        var domain = Self.lowercasedDomain(bytes[(at + 1)..<domainEnd])
        if let fixed = Self.domainTypos[domain] {
            issues.append(
                .init("email.domain_typo", "email '\(raw)': domain '\(domain)' corrected to '\(fixed)'",
                    severity: .warning))
            domain = fixed
        }
        if let problem = Self.domainProblem(domain) {
            return .failure(.init("email.domain", "email '\(raw)': domain \(problem)"), issues: issues)
        }
        let localPart = ScalarText.string(Array(local))
        let address = EmailAddress(
            localPart: localPart, domain: domain, isFreeMail: freeMailDomains.contains(domain),
            isRole: isRole(local))
        return Standardized(value: address, issues: issues)
    }

    private func trim(_ text: inout Substring) {
        while let first = text.unicodeScalars.first, ScalarText.isSpace(first) || ScalarText.isQuote(first) {
            text = Substring(text.unicodeScalars.dropFirst())
        }
        while let last = text.unicodeScalars.last, ScalarText.isSpace(last) || ScalarText.isQuote(last) {
            text = Substring(text.unicodeScalars.dropLast())
        }
    }

    /// A role mailbox: the local part (or its first dotted/dashed segment, `info.msk@`) is a role word.
    func isRole(_ localPart: String) -> Bool { isRole(ArraySlice(localPart.utf8)) }

    func isRole(_ local: ArraySlice<UInt8>) -> Bool {
        var lower = local.map { $0 &- 65 < 26 ? $0 + 32 : $0 }
        if let plus = lower.firstIndex(of: UInt8(ascii: "+")) { lower.removeSubrange(plus...) }
        if roleLocalParts.contains(ScalarText.string(lower)) { return true }
        if let cut = lower.firstIndex(where: { $0 == 46 || $0 == 45 || $0 == 95 }) {
            return roleLocalParts.contains(ScalarText.string(Array(lower[..<cut])))
        }
        return false
    }

    static func localPartProblem(_ bytes: ArraySlice<UInt8>) -> String? {
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
