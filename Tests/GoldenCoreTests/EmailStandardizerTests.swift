import Testing

@testable import GoldenCore

@Suite struct EmailStandardizerTests {
    let emails = EmailStandardizer()

    @Test(arguments: [
        ("  Ivan.Petrov@Romashka.RU ", "Ivan.Petrov@romashka.ru", "ivan.petrov@romashka.ru"),
        ("mailto:info@romashka.ru", "info@romashka.ru", "info@romashka.ru"),
        ("Иван Петров <ivan@romashka.ru>", "ivan@romashka.ru", "ivan@romashka.ru"),
        ("ivan@ПОЧТА.РФ", "ivan@почта.рф", "ivan@почта.рф"),
        ("ivan@romashka.ru.", "ivan@romashka.ru", "ivan@romashka.ru"),
        ("«ivan@romashka.ru»", "ivan@romashka.ru", "ivan@romashka.ru"),
        (
            "first.o'neil+crm@sub.example.co.uk", "first.o'neil+crm@sub.example.co.uk",
            "first.o'neil+crm@sub.example.co.uk"
        ),
    ])
    func cleaned(_ raw: String, _ address: String, _ key: String) throws {
        let result = emails.standardize(raw)
        let email = try #require(result.value, "\(result.issues)")
        #expect(email.address == address)
        #expect(email.key == key)
        #expect(result.isValid)
    }

    @Test(arguments: [
        ("ivan.petrov", "email.syntax"), ("ivan@@romashka.ru", "email.syntax"), ("a@b@c.ru", "email.syntax"),
        (".ivan@romashka.ru", "email.syntax"), ("iv..an@romashka.ru", "email.syntax"),
        ("иван@romashka.ru", "email.syntax"), ("ivan@romashka", "email.domain"), ("ivan@-romashka.ru", "email.domain"),
        ("ivan@romashka.123", "email.domain"), ("ivan@roma shka.ru", "email.domain"), ("", "email.empty"),
        ("ivan@", "email.domain"), ("@romashka.ru", "email.syntax"),
    ])
    func rejected(_ raw: String, _ code: String) {
        let result = emails.standardize(raw)
        #expect(result.value == nil)
        #expect(result.issues.first?.code.rawValue == code, "\(result.issues)")
    }

    @Test(arguments: ["gmail.com", "mail.ru", "yandex.ru", "ya.ru", "bk.ru", "list.ru", "inbox.ru", "rambler.ru",
        "outlook.com", "hotmail.com", "yahoo.com", "icloud.com"])
    func freeMail(_ domain: String) throws {
        let email = try #require(emails.standardize("someone@\(domain)").value)
        #expect(email.isFreeMail)
        #expect(email.matchKeys["domain"] == nil)
        #expect(email.matchKeys["free_mail"] == "true")
    }

    @Test func corporateDomainIsAKey() throws {
        let email = try #require(emails.standardize("Ivan@Romashka.ru").value)
        #expect(email.matchKeys == ["email": "ivan@romashka.ru", "domain": "romashka.ru", "free_mail": "false",
            "role": "false"])
    }

    @Test(arguments: [
        ("info@romashka.ru", true), ("sales@romashka.ru", true), ("office@x.ru", true), ("support@x.ru", true),
        ("admin@x.ru", true), ("hr@x.ru", true), ("buh@x.ru", true), ("zakaz@x.ru", true), ("info.msk@x.ru", true),
        ("Sales+crm@x.ru", true), ("ivan@x.ru", false), ("information.officer@x.ru", false),
    ])
    func roleAddresses(_ raw: String, _ role: Bool) throws {
        #expect(try #require(emails.standardize(raw).value).isRole == role)
    }

    @Test func providerTypoIsFixedWithAWarning() throws {
        let result = emails.standardize("ivan@gmial.com")
        #expect(try #require(result.value).address == "ivan@gmail.com")
        #expect(result.issues.map(\.code) == ["email.domain_typo"])
        #expect(result.isValid)
    }

    @Test func severalAddressesKeepTheFirst() throws {
        let result = emails.standardize("a@x.ru; b@y.ru")
        #expect(try #require(result.value).address == "a@x.ru")
        #expect(result.issues.map(\.code) == ["email.multiple"])
    }

    @Test func customFreeMailList() throws {
        let custom = EmailStandardizer(freeMailDomains: FreeMailDomains(["Example.org"]))
        #expect(try #require(custom.standardize("a@example.org").value).isFreeMail)
        #expect(try #require(custom.standardize("a@gmail.com").value).isFreeMail == false)
    }
}
