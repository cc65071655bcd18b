import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), evaluated in UTC.
///
/// Each field takes `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, and comma lists of those; day of week
/// is 0–6 from Sunday (7 is Sunday too). As in cron, when both day fields are restricted a day matches either.
/// Aliases: `@hourly`, `@daily` (midnight), `@weekly`, `@monthly`. Written here rather than taken from a library:
/// the package mirror has none, and this subset is what a sync schedule needs ("every 15 minutes", "nightly at 2").
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool
    public let description: String

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let aliases = [
            "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
            "@monthly": "0 0 1 * *",
        ]
        let expression = aliases[trimmed] ?? trimmed
        let fields = expression.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(message: "a cron expression has five fields (minute hour day month weekday), e.g. */15 * * * *")
        }
        minutes = try Self.field(fields[0], name: "minute", range: 0...59)
        hours = try Self.field(fields[1], name: "hour", range: 0...23)
        days = try Self.field(fields[2], name: "day of month", range: 1...31)
        months = try Self.field(fields[3], name: "month", range: 1...12)
        var weekdays = try Self.field(fields[4], name: "day of week", range: 0...7)
        if weekdays.remove(7) != nil { weekdays.insert(0) }
        self.weekdays = weekdays
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
        description = trimmed
    }

    static func field(_ text: String, name: String, range: ClosedRange<Int>) throws -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let head = pieces.first, !head.isEmpty else {
                throw ParseError(message: "\(name): '\(part)' is not a value, range or step")
            }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0 else {
                    throw ParseError(message: "\(name): the step in '\(part)' must be a positive number")
                }
                step = value
            }
            let lower: Int
            let upper: Int
            if head == "*" {
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else if let dash = head.firstIndex(of: "-") {
                guard let a = Int(head[..<dash]), let b = Int(head[head.index(after: dash)...]), a <= b else {
                    throw ParseError(message: "\(name): '\(head)' is not a range low-high")
                }
                (lower, upper) = (a, b)
            } else {
                guard let value = Int(head) else { throw ParseError(message: "\(name): '\(head)' is not a number") }
                (lower, upper) = (value, pieces.count == 2 ? range.upperBound : value)
            }
            guard range.contains(lower), range.contains(upper) else {
                throw ParseError(message: "\(name): \(head) is outside \(range.lowerBound)–\(range.upperBound)")
            }
            values.formUnion(stride(from: lower, through: upper, by: step))
        }
        return values
    }

    /// The first whole minute strictly after `date` that the expression names (UTC); `nil` if none within 5 years
    /// (for example, 31 February).
    public func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(bySetting: .second, value: 0, of: date.addingTimeInterval(60)) ?? date
        var minute = floor(start.timeIntervalSince1970 / 60) * 60
        let limit = minute + 5 * 366 * 86_400
        while minute <= limit {
            let candidate = Date(timeIntervalSince1970: minute)
            let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: candidate)
            guard let month = parts.month, months.contains(month) else {
                // Jump to the first minute of the next month.
                let next = calendar.date(byAdding: .month, value: 1, to: calendar.date(
                    from: calendar.dateComponents([.year, .month], from: candidate))!)!
                minute = next.timeIntervalSince1970
                continue
            }
            let day = parts.day!, weekday = parts.weekday! - 1
            let dayMatches: Bool
            switch (daysRestricted, weekdaysRestricted) {
            case (true, true): dayMatches = days.contains(day) || weekdays.contains(weekday)
            case (true, false): dayMatches = days.contains(day)
            case (false, true): dayMatches = weekdays.contains(weekday)
            case (false, false): dayMatches = true
            }
            guard dayMatches else {
                let next = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: candidate))!
                minute = next.timeIntervalSince1970
                continue
            }
            guard hours.contains(parts.hour!) else {
                minute = (floor(minute / 3600) + 1) * 3600
                continue
            }
            if minutes.contains(parts.minute!) { return candidate }
            minute += 60
        }
        return nil
    }
}
