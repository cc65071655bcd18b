/// Per-source payload shapes, with the field names of connectors.md and `mappings/*.yaml`.
extension RecordRenderer {
    private static let salesforceTypes = ["Customer", "Customer", "Customer", "Prospect", "Former Customer"]
    private static let hubspotStages = ["customer", "customer", "lead", "opportunity", "other"]
    private static let countries = ["Russia", "Russia", "Россия", "RU", "Russian Federation"]

    private func text(_ value: String?) -> GeneratedValue { .text(value) }

    /// INN/KPP as a CRM holds them: usually absent, sometimes present, occasionally mistyped.
    private func crmIdentifiers(_ org: MasterOrganization, rng: inout SplitMix64) -> (inn: String?, kpp: String?) {
        if let mistyped = org.recordStyle.mistypedINN { return (mistyped, rng.chance(0.7) ? org.kpp : nil) }
        guard rng.chance(noise.innInCRM) else { return (nil, nil) }
        let inn = rng.chance(noise.invalidINN) ? RussianIdentifiers.corrupted(org.inn, rng: &rng) : org.inn
        let kpp = rng.chance(0.7) ? org.kpp : nil
        return (inn, kpp)
    }

    private func salesforceUser(_ source: String, rng: inout SplitMix64) -> GeneratedValue {
        .string(SourceIdentifiers.salesforce(prefix: "005", source: source, key: UInt64(rng.below(40))))
    }

    // MARK: Salesforce

    func salesforceAccount(_ id: String, _ org: MasterOrganization, _ stamps: Stamps, source: String,
                           deleted: Bool, rng: inout SplitMix64) -> [String: GeneratedValue] {
        let latin = rng.chance(0.25) || org.recordStyle.latinAddress
        let ids = crmIdentifiers(org, rng: &rng)
        let modstamp = SourceTimestamp.salesforce(stamps.modified)
        return [
            "attributes": .object(["type": "Account", "url": .string("/services/data/v60.0/sobjects/Account/" + id)]),
            "Id": .string(id),
            "Name": .string(applier.companyName(org, rng: &rng)),
            "Type": .string(rng.pick(Self.salesforceTypes)),
            "Phone": text(applier.keep(applier.phone(org.phone, rng: &rng), rng: &rng)),
            "Website": text(applier.keep(org.domain.map { NoiseApplier.website($0, rng: &rng) }, rng: &rng)),
            "BillingStreet": text(applier.keep(applier.streetLine(org, latin: latin, rng: &rng), rng: &rng)),
            "BillingCity": text(applier.keep(latin ? org.city.latin : org.city.cyrillic, rng: &rng)),
            "BillingState": .null,
            "BillingPostalCode": text(applier.keep(org.postcode, rng: &rng)),
            "BillingCountry": text(applier.keep(rng.pick(Self.countries), rng: &rng)),
            "INN__c": text(ids.inn),
            "KPP__c": text(ids.kpp),
            "OwnerId": salesforceUser(source, rng: &rng),
            "IsDeleted": .bool(deleted),
            "MasterRecordId": .null,
            "CreatedDate": .string(SourceTimestamp.salesforce(stamps.created)),
            "LastModifiedDate": .string(modstamp),
            "SystemModstamp": .string(modstamp),
        ]
    }

    func salesforceContact(_ id: String, _ c: PersonContext, _ stamps: Stamps, source: String,
                           deleted: Bool, rng: inout SplitMix64) -> [String: GeneratedValue] {
        let modstamp = SourceTimestamp.salesforce(stamps.modified)
        return [
            "attributes": .object(["type": "Contact", "url": .string("/services/data/v60.0/sobjects/Contact/" + id)]),
            "Id": .string(id),
            "AccountId": text(c.employerId),
            "FirstName": .string(c.name.first),
            "LastName": .string(c.name.last),
            "MiddleName": text(c.name.middle),
            "Title": text(c.title),
            "Email": text(c.email),
            "Phone": text(c.workPhone),
            "MobilePhone": text(c.mobile),
            "HasOptedOutOfEmail": .bool(c.optedOut),
            "DoNotCall": .bool(false),
            "Birthdate": text(c.birthDate),
            "MailingCity": text(applier.keep(c.org.city.cyrillic, rng: &rng)),
            "OwnerId": salesforceUser(source, rng: &rng),
            "IsDeleted": .bool(deleted),
            "MasterRecordId": .null,
            "CreatedDate": .string(SourceTimestamp.salesforce(stamps.created)),
            "LastModifiedDate": .string(modstamp),
            "SystemModstamp": .string(modstamp),
        ]
    }

    // MARK: HubSpot (every property value is a string or null)

    func hubspotCompany(_ id: String, _ org: MasterOrganization, _ stamps: Stamps, deleted: Bool,
                        rng: inout SplitMix64) -> [String: GeneratedValue] {
        let ids = crmIdentifiers(org, rng: &rng)
        let modified = SourceTimestamp.isoMillis(stamps.modified, millis: stamps.millis)
        let created = SourceTimestamp.isoMillis(stamps.created, millis: 0)
        let properties: [String: GeneratedValue] = [
            "name": .string(applier.companyName(org, rng: &rng)),
            "domain": text(applier.keep(org.domain, rng: &rng)),
            "phone": text(applier.keep(applier.phone(org.phone, rng: &rng), rng: &rng)),
            "address": text(applier.keep(applier.streetLine(org, latin: rng.chance(0.3), rng: &rng), rng: &rng)),
            "city": text(applier.keep(
                rng.chance(0.4) || org.recordStyle.latinAddress ? org.city.latin : org.city.cyrillic, rng: &rng)),
            "zip": text(applier.keep(org.postcode, rng: &rng)),
            "country": text(applier.keep(rng.pick(Self.countries), rng: &rng)),
            "inn": text(ids.inn),
            "kpp": text(ids.kpp),
            "lifecyclestage": .string(rng.pick(Self.hubspotStages)),
            "hubspot_owner_id": .string(String(70_000 + rng.below(30))),
            "hs_object_id": .string(id),
            "createdate": .string(created),
            "hs_lastmodifieddate": .string(modified),
        ]
        return [
            "id": .string(id), "properties": .object(properties), "createdAt": .string(created),
            "updatedAt": .string(modified), "archived": .bool(deleted),
        ]
    }

    func hubspotContact(_ id: String, _ c: PersonContext, _ stamps: Stamps, deleted: Bool,
                        rng: inout SplitMix64) -> [String: GeneratedValue] {
        let modified = SourceTimestamp.isoMillis(stamps.modified, millis: stamps.millis)
        let created = SourceTimestamp.isoMillis(stamps.created, millis: 0)
        // HubSpot de-duplicates contacts on email, so a contact always has one.
        let email = c.email ?? c.applierFallbackEmail
        let properties: [String: GeneratedValue] = [
            "firstname": .string(c.name.first),
            "lastname": .string(c.name.last),
            "email": .string(email),
            "phone": text(c.workPhone),
            "mobilephone": text(c.mobile),
            "jobtitle": text(c.title),
            "company": .string(c.companyText),
            "hs_email_optout": .string(c.optedOut ? "true" : "false"),
            "hubspot_owner_id": .string(String(70_000 + rng.below(30))),
            "hs_object_id": .string(id),
            "createdate": .string(created),
            "lastmodifieddate": .string(modified),
        ]
        var payload: [String: GeneratedValue] = [
            "id": .string(id), "properties": .object(properties), "createdAt": .string(created),
            "updatedAt": .string(modified), "archived": .bool(deleted),
        ]
        if let employer = c.employerId {
            let association: GeneratedValue = .object(["id": .string(employer), "type": "contact_to_company"])
            payload["associations"] = .object(["companies": .object(["results": .array([association])])])
        }
        return payload
    }

    // MARK: Bitrix24 (deleted rows are never listed, so there is no deletion flag)

    private func multifield(_ values: [(type: String, value: String)], kind: String, base: UInt64)
        -> GeneratedValue
    {
        .array(values.enumerated().map { offset, item in
            .object([
                "ID": .string(String(base * 4 + UInt64(offset))), "VALUE_TYPE": .string(item.type),
                "VALUE": .string(item.value), "TYPE_ID": .string(kind),
            ])
        })
    }

    func bitrixCompany(_ id: String, _ org: MasterOrganization, _ stamps: Stamps,
                       rng: inout SplitMix64) -> [String: GeneratedValue] {
        let ids = crmIdentifiers(org, rng: &rng)
        let base = (UInt64(id) ?? 0) * 4
        var phones: [(String, String)] = []
        if let phone = applier.keep(applier.phone(org.phone, rng: &rng), rng: &rng) { phones.append(("WORK", phone)) }
        var emails: [(String, String)] = []
        if let email = applier.keep(org.email, rng: &rng) { emails.append(("WORK", email)) }
        var webs: [(String, String)] = []
        if let site = applier.keep(org.domain.map { NoiseApplier.website($0, rng: &rng) }, rng: &rng) {
            webs.append(("WORK", site))
        }
        return [
            "ID": .string(id),
            "TITLE": .string(applier.companyName(org, rng: &rng)),
            "COMPANY_TYPE": .string(rng.chance(0.8) ? "CUSTOMER" : "PARTNER"),
            "PHONE": multifield(phones.map { (type: $0.0, value: $0.1) }, kind: "PHONE", base: base),
            "EMAIL": multifield(emails.map { (type: $0.0, value: $0.1) }, kind: "EMAIL", base: base + 1),
            "WEB": multifield(webs.map { (type: $0.0, value: $0.1) }, kind: "WEB", base: base + 2),
            "ADDRESS": text(applier.keep(applier.streetLine(org, latin: false, rng: &rng), rng: &rng)),
            "ADDRESS_CITY": text(applier.keep(
                org.recordStyle.latinAddress ? org.city.latin : org.city.cyrillic, rng: &rng)),
            "ADDRESS_POSTAL_CODE": text(applier.keep(org.postcode, rng: &rng)),
            "ADDRESS_COUNTRY": .string("Россия"),
            "RQ_INN": text(ids.inn),
            "RQ_KPP": text(ids.kpp),
            "RQ_OGRN": text(ids.inn != nil && rng.chance(0.5) ? org.ogrn : nil),
            "ASSIGNED_BY_ID": .string(String(1 + rng.below(25))),
            "DATE_CREATE": .string(SourceTimestamp.bitrix(stamps.created)),
            "DATE_MODIFY": .string(SourceTimestamp.bitrix(stamps.modified)),
        ]
    }

    func bitrixContact(_ id: String, _ c: PersonContext, _ stamps: Stamps,
                       rng: inout SplitMix64) -> [String: GeneratedValue] {
        let base = (UInt64(id) ?? 0) * 4
        var phones: [(type: String, value: String)] = []
        if let work = c.workPhone { phones.append(("WORK", work)) }
        if let mobile = c.mobile { phones.append(("MOBILE", mobile)) }
        let emails: [(type: String, value: String)] = c.email.map { [("WORK", $0)] } ?? []
        return [
            "ID": .string(id),
            "NAME": .string(c.name.first),
            "SECOND_NAME": text(c.name.middle),
            "LAST_NAME": .string(c.name.last),
            "POST": text(c.title),
            "COMPANY_ID": text(c.employerId),
            "PHONE": multifield(phones, kind: "PHONE", base: base),
            "EMAIL": multifield(emails, kind: "EMAIL", base: base + 1),
            "BIRTHDATE": .string(c.birthDate.map { $0 + "T00:00:00+03:00" } ?? ""),
            "ASSIGNED_BY_ID": .string(String(1 + rng.below(25))),
            "DATE_CREATE": .string(SourceTimestamp.bitrix(stamps.created)),
            "DATE_MODIFY": .string(SourceTimestamp.bitrix(stamps.modified)),
        ]
    }

    // MARK: ELMA365

    private func elmaUser(_ rng: inout SplitMix64) -> GeneratedValue {
        .string(SourceIdentifiers.uuid(seed: seed, source: "elma365-users", kind: 2, key: UInt64(rng.below(20))))
    }

    func elmaCompany(_ id: String, _ org: MasterOrganization, _ stamps: Stamps, deleted: Bool,
                     rng: inout SplitMix64) -> [String: GeneratedValue] {
        let ids = crmIdentifiers(org, rng: &rng)
        let phone = applier.keep(applier.phone(org.phone, rng: &rng), rng: &rng)
        let email = applier.keep(org.email, rng: &rng)
        return [
            "__id": .string(id),
            "__name": .string(applier.companyName(org, rng: &rng)),
            "__createdAt": .string(SourceTimestamp.isoMillis(stamps.created, millis: 0)),
            "__updatedAt": .string(SourceTimestamp.isoMillis(stamps.modified, millis: stamps.millis)),
            "__deletedAt": deleted ? .string(SourceTimestamp.isoMillis(stamps.modified, millis: stamps.millis)) : .null,
            "__createdBy": elmaUser(&rng),
            "inn": text(ids.inn),
            "kpp": text(ids.kpp),
            "phone": .array(phone.map { [.object(["type": "work", "tel": .string($0)])] } ?? []),
            "email": .array(email.map { [.object(["type": "work", "email": .string($0)])] } ?? []),
            "website": text(applier.keep(org.domain.map { NoiseApplier.website($0, rng: &rng) }, rng: &rng)),
            "address": text(applier.keep(
                org.recordStyle.latinAddress
                    ? Transliterator.latin(NoiseApplier.accountingAddress(org)) : NoiseApplier.accountingAddress(org),
                rng: &rng)),
        ]
    }

    func elmaContact(_ id: String, _ c: PersonContext, _ stamps: Stamps, deleted: Bool,
                     rng: inout SplitMix64) -> [String: GeneratedValue] {
        var phones: [GeneratedValue] = []
        if let work = c.workPhone { phones.append(.object(["type": "work", "tel": .string(work)])) }
        if let mobile = c.mobile { phones.append(.object(["type": "mobile", "tel": .string(mobile)])) }
        let fullName = [c.name.last, c.name.first, c.name.middle].compactMap { $0 }.joined(separator: " ")
        var fullname: [String: GeneratedValue] = ["firstname": .string(c.name.first), "lastname": .string(c.name.last)]
        fullname["middlename"] = text(c.name.middle)
        return [
            "__id": .string(id),
            "__name": .string(fullName),
            "__createdAt": .string(SourceTimestamp.isoMillis(stamps.created, millis: 0)),
            "__updatedAt": .string(SourceTimestamp.isoMillis(stamps.modified, millis: stamps.millis)),
            "__deletedAt": deleted ? .string(SourceTimestamp.isoMillis(stamps.modified, millis: stamps.millis)) : .null,
            "__createdBy": elmaUser(&rng),
            "fullname": .object(fullname),
            "position": text(c.title),
            "_companies": .array(c.employerId.map { [.string($0)] } ?? []),
            "phone": .array(phones),
            "email": .array(c.email.map { [.object(["type": "work", "email": .string($0)])] } ?? []),
            "birthDate": text(c.birthDate),
        ]
    }

    // MARK: 1C accounting (CommerceML 2 `Контрагент` as a nested object)

    func accountingCounterparty(_ id: String, _ org: MasterOrganization, _ stamps: Stamps, deleted: Bool,
                                rng: inout SplitMix64) -> [String: GeneratedValue] {
        let names = NoiseApplier.accountingNames(org)
        var contacts: [GeneratedValue] = []
        if let phone = applier.keep(applier.phone(org.phone, rng: &rng), rng: &rng) {
            contacts.append(.object(["Тип": "Телефон рабочий", "Значение": .string(phone)]))
        }
        if let email = applier.keep(org.email, rng: &rng) {
            contacts.append(.object(["Тип": "Почта", "Значение": .string(email)]))
        }
        if let domain = org.domain, rng.chance(0.5) {
            contacts.append(.object(["Тип": "ВебСайт", "Значение": .string(domain)]))
        }
        let address: GeneratedValue = .object([
            "Представление": .string(NoiseApplier.accountingAddress(org)),
            "АдресноеПоле": .array([
                .object(["Тип": "Почтовый индекс", "Значение": .string(org.postcode)]),
                .object(["Тип": "Город", "Значение": .string(org.city.cyrillic)]),
            ]),
        ])
        var payload: [String: GeneratedValue] = [
            "Ид": .string(id),
            "Наименование": .string(names.short),
            "ПолноеНаименование": .string(names.full),
            "ИНН": .string(org.inn),
            "ЮридическийАдрес": address,
            "Контакты": .object(["Контакт": .array(contacts)]),
            "ПометкаУдаления": .bool(deleted),
        ]
        if let kpp = org.kpp { payload["КПП"] = .string(kpp) }
        if let ogrn = org.ogrn { payload["ОГРН"] = .string(ogrn) }
        if rng.chance(0.7) {
            let invoice = stamps.modified - Int64(rng.below(200 * 86_400))
            let balance = Double(rng.below(50_000_000)) / 100
            payload["Взаиморасчеты"] = .object([
                "Задолженность": .number(rng.chance(0.4) ? 0 : balance),
                "ДатаПоследнегоСчета": .string(SourceTimestamp.date(invoice)),
                "ДатаПоследнейОплаты": .string(SourceTimestamp.date(invoice + Int64(rng.below(40 * 86_400)))),
            ])
            let year = 2015 + rng.below(11)
            payload["Договор"] = .object([
                "Номер": .string("Д-" + String(year) + "/" + MasterOrganization.pad(rng.int(in: 1...2999), 4)),
                "Дата": .string(SourceTimestamp.date(year: year, month: rng.int(in: 1...12), day: rng.int(in: 1...28))),
            ])
        }
        return payload
    }
}

extension RecordRenderer.PersonContext {
    /// A HubSpot contact needs an email; fall back to the unnoised company or free-mail address.
    var applierFallbackEmail: String {
        person.freeMail ?? (person.emailLocal + "@" + (org.domain ?? "example.ru"))
    }
}
