/// The distinct values of one attribute, interned to dense `Int32` ids.
///
/// Interning once turns every per-pair equality test into an integer compare and gives term frequencies for
/// free (`counts`). Unicode scalars are kept flat (one array plus offsets) only for attributes that fuzzy levels
/// read, so a 1M-record table does not hold a second copy of every string.
public struct ValueDictionary: Sendable {
    /// The distinct values in first-seen order; `strings[id]` is the value of id.
    public internal(set) var strings: [String] = []
    /// Number of records carrying each value (a record counts once per value).
    public internal(set) var counts: [Int32] = []
    /// Number of records with at least one value of this attribute (denominator of term frequencies).
    public internal(set) var recordsWithValue: Int = 0
    var scalarOffsets: [Int32] = [0]
    var scalars: [UInt32] = []
    /// Day number (days since 0000-03-01 in the proleptic Gregorian calendar) per value, or `Int32.min`.
    var days: [Int32] = []
    /// `year * 10_000 + month * 100 + day` per value (or `Int32.min`), for the day/month swap level.
    var ymd: [Int32] = []
    var keepScalars = false
    var parseDates = false
    private var lookup: [String: Int32] = [:]

    init(keepScalars: Bool, parseDates: Bool) {
        self.keepScalars = keepScalars
        self.parseDates = parseDates
    }

    public var count: Int { strings.count }

    /// The id of `value`, adding it if new.
    mutating func intern(_ value: String) -> Int32 {
        if let id = lookup[value] { return id }
        let id = append(distinct: value)
        lookup[value] = id
        return id
    }

    /// Adds a value the caller knows is not here yet (an image's distinct values), without the lookup.
    mutating func append(distinct value: String) -> Int32 {
        let id = Int32(strings.count)
        strings.append(value)
        counts.append(0)
        if keepScalars {
            for scalar in value.unicodeScalars { scalars.append(scalar.value) }
            scalarOffsets.append(Int32(scalars.count))
        }
        if parseDates {
            if let (year, month, day) = CalendarDay.components(value) {
                days.append(CalendarDay.dayNumber(year: year, month: month, day: day))
                ymd.append(Int32(year * 10_000 + month * 100 + day))
            } else {
                days.append(Int32.min)
                ymd.append(Int32.min)
            }
        }
        return id
    }

    /// The id of an existing value, without adding it.
    public func id(of value: String) -> Int32? { lookup[value] }

    /// Drops the string-to-id hash table once the table is built; lookups by string are rare afterwards
    /// (steward decisions use record ids, not values) and the table is the largest transient structure.
    mutating func freezeLookup() { lookup = [:] }

    /// Term frequency of a value: the share of records (with this attribute) that carry it.
    public func frequency(of id: Int32) -> Double {
        guard recordsWithValue > 0 else { return 0 }
        return Double(counts[Int(id)]) / Double(recordsWithValue)
    }

    func scalarRange(_ id: Int32) -> Range<Int> {
        Int(scalarOffsets[Int(id)])..<Int(scalarOffsets[Int(id) + 1])
    }
}
