import GoldenCore
import Testing

/// The national id's stored form (`kind:value`) has one writer and one reader, and the kind stays typed around it.
@Suite struct NationalIDTests {
    @Test(
        "the stored form reads back to the same id",
        arguments: [
            NationalID(kind: .snils, value: "11223344595"), NationalID(kind: .innPerson, value: "500100732259"),
            NationalID(kind: "ssn", value: "123456789"), NationalID(kind: "passport", value: "AB12"),
        ])
    func storedFormRoundTrips(id: NationalID) {
        #expect(NationalID(storedForm: id.storedForm) == id)
    }

    @Test func storedFormWithoutAKindIsRefused() {
        #expect(NationalID(storedForm: "11223344595") == nil)
        #expect(NationalID(storedForm: ":11223344595") == nil)
    }

    /// Only kinds validated by check digits are facts for hard rules; an opaque kind is evidence.
    @Test func checkedKinds() {
        #expect(NationalID.Kind.snils.hasCheckDigits)
        #expect(NationalID.Kind.innPerson.hasCheckDigits)
        #expect(!NationalID.Kind("ssn").hasCheckDigits)
        #expect(!NationalID.Kind("other").hasCheckDigits)
    }
}
