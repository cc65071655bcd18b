import Foundation

/// The rules that keep the store distributable on Citus, checked without Citus.
///
/// Each rule is one that failed on a real Citus cluster (issue 16). ``violations(of:against:)`` checks a migrated
/// schema's catalog against a ``DistributionPlan``; ``violations(inStatement:at:)`` checks one SQL statement's text.
/// Both return every violation found, so a test can assert that a deliberately broken schema is caught, and
/// `golden migrate --citus` can refuse to start distributing a schema that would fail halfway.
public enum DistributionRules {
    // MARK: Catalog

    /// Every way `catalog` would not distribute as `plan` says.
    public static func violations(
        of catalog: DistributionCatalog, against plan: DistributionPlan
    ) -> [DistributionViolation] {
        var found: [DistributionViolation] = []
        let planFile = "Sources/GoldenStore/Distribution/DistributionPlan.swift"
        let position = Dictionary(uniqueKeysWithValues: plan.tables.enumerated().map { ($1.table, $0) })
        let existing = Set(catalog.tables)

        for table in catalog.tables where plan.entry(for: table) == nil {
            found.append(
                DistributionViolation(
                    .tableMissingFromPlan, table,
                    "table '\(table)' has no entry in DistributionPlan.golden (\(planFile)); add "
                        + "`.reference(\"\(table)\")` or `.distributed(\"\(table)\", by: <column>, colocatedWith: "
                        + "<anchor>)` after the tables it references"))
        }
        for entry in plan.tables where !existing.contains(entry.table) {
            found.append(
                DistributionViolation(
                    .planEntryWithoutTable, entry.table,
                    "the distribution plan names '\(entry.table)', which no migration creates"))
        }

        for entry in plan.tables where existing.contains(entry.table) {
            found += distributionColumnViolations(of: entry, catalog: catalog, plan: plan, position: position)
            found += uniqueIndexViolations(of: entry, catalog: catalog)
            found += triggerViolations(of: entry, catalog: catalog)
            if entry.appendOnly,
                let privileges = catalog.changePrivileges.first(where: { $0.table == entry.table }),
                !privileges.holders.isEmpty
            {
                found.append(
                    DistributionViolation(
                        .appendOnlyPrivileges, entry.table,
                        "append-only table '\(entry.table)' grants UPDATE, DELETE or TRUNCATE to "
                            + privileges.holders.joined(separator: ", ")
                            + "; history is append-only by privileges, so only SELECT and INSERT may be granted"))
            }
        }

        for key in catalog.foreignKeys {
            found += foreignKeyViolations(of: key, plan: plan, position: position)
        }
        return found
    }

    private static func distributionColumnViolations(
        of entry: TableDistribution, catalog: DistributionCatalog, plan: DistributionPlan, position: [String: Int]
    ) -> [DistributionViolation] {
        guard let columnName = entry.distributionColumn, let anchorName = entry.colocationAnchor else { return [] }
        var found: [DistributionViolation] = []
        guard let column = catalog.column(columnName, of: entry.table) else {
            return [
                DistributionViolation(
                    .distributionColumn, entry.table,
                    "distribution column '\(columnName)' does not exist in '\(entry.table)'")
            ]
        }
        if !column.notNull {
            found.append(
                DistributionViolation(
                    .distributionColumn, entry.table,
                    "distribution column '\(entry.table).\(columnName)' is nullable; "
                        + "Citus cannot place a row without it"
                ))
        }
        guard anchorName != entry.table else { return found }
        guard let anchor = plan.entry(for: anchorName), anchor.colocationAnchor == anchorName,
            let anchorColumn = anchor.distributionColumn
        else {
            found.append(
                DistributionViolation(
                    .colocation, entry.table,
                    "'\(entry.table)' is co-located with '\(anchorName)', "
                        + "which is not the anchor of a distributed group "
                        + "(co-locate with the group's first table, e.g. source_records or golden_records)"))
            return found
        }
        if let index = position[entry.table], let anchorIndex = position[anchorName], anchorIndex > index {
            found.append(
                DistributionViolation(
                    .planOrder, entry.table,
                    "'\(entry.table)' comes before '\(anchorName)', the table it is co-located with; move it after"))
        }
        if let other = catalog.column(anchorColumn, of: anchorName), other.type != column.type {
            found.append(
                DistributionViolation(
                    .distributionColumn, entry.table,
                    "'\(entry.table).\(columnName)' is \(column.type) but its anchor's '\(anchorName).\(anchorColumn)' "
                        + "is \(other.type); co-located tables need the same distribution column type"))
        }
        return found
    }

    private static func uniqueIndexViolations(
        of entry: TableDistribution, catalog: DistributionCatalog
    ) -> [DistributionViolation] {
        guard let column = entry.distributionColumn else { return [] }
        return catalog.uniqueIndexes.filter { $0.table == entry.table && !$0.columns.contains(column) }.map {
            DistributionViolation(
                .uniqueWithoutDistributionColumn, entry.table,
                "unique index '\($0.name)' on '\(entry.table)' (\($0.columns.joined(separator: ", "))"
                    + "\($0.hasExpression ? ", expression" : "")) lacks distribution column '\(column)'; "
                    + "Citus enforces uniqueness only within a shard, so add '\(column)' to the key")
        }
    }

    private static func triggerViolations(
        of entry: TableDistribution, catalog: DistributionCatalog
    ) -> [DistributionViolation] {
        guard entry.role != .coordinatorOnly else { return [] }
        return catalog.triggers.filter { $0.table == entry.table && $0.name != entry.appendOnlyTrigger }.map {
            DistributionViolation(
                .trigger, entry.table,
                "trigger '\($0.name)' on '\(entry.table)': Citus refuses to distribute a table with triggers "
                    + "(unless citus.enable_unsafe_triggers, which we do not use); enforce the rule in golden's SQL "
                    + "or by privileges instead")
        }
    }

    private static func foreignKeyViolations(
        of key: DistributionCatalog.ForeignKey, plan: DistributionPlan, position: [String: Int]
    ) -> [DistributionViolation] {
        // A table missing from the plan is already reported; its keys are judged once it has an entry.
        guard let source = plan.entry(for: key.table), let target = plan.entry(for: key.referencedTable) else {
            return []
        }
        let subject = "\(key.table).\(key.name)"
        let described =
            "'\(key.table)' (\(key.columns.joined(separator: ", "))) → '\(key.referencedTable)' "
            + "(\(key.referencedColumns.joined(separator: ", ")))"
        var found: [DistributionViolation] = []
        if key.table != key.referencedTable, let from = position[key.table], let to = position[key.referencedTable],
            to > from
        {
            found.append(
                DistributionViolation(
                    .planOrder, key.table,
                    "'\(key.table)' comes before '\(key.referencedTable)', which it references; move it after"))
        }
        switch (source.role, target.role) {
        case (.coordinatorOnly, _), (_, .coordinatorOnly):
            found.append(
                DistributionViolation(
                    .foreignKey, subject, "foreign key \(described) touches a coordinator-only table"))
        case (_, .reference):
            break  // Anything may reference a reference table.
        case (.reference, .distributed):
            found.append(
                DistributionViolation(
                    .foreignKey, subject,
                    "foreign key \(described): a reference table cannot reference a distributed table"))
        case (.distributed(let column, let anchor), .distributed(let targetColumn, let targetAnchor)):
            let joinsDistributionColumns = zip(key.columns, key.referencedColumns).contains {
                $0 == column && $1 == targetColumn
            }
            if anchor != targetAnchor || !joinsDistributionColumns {
                found.append(
                    DistributionViolation(
                        .foreignKey, subject,
                        "foreign key \(described) between distributed tables must join "
                            + "'\(column)' to '\(targetColumn)' "
                            + "within one co-location group ('\(anchor)' vs '\(targetAnchor)'); keep a cross-side link "
                            + "consistent in the application instead"))
            }
        }
        return found
    }

    // MARK: SQL text

    /// Functions that are immutable and so allowed in `ON CONFLICT … DO UPDATE SET` on Citus.
    static let immutableFunctions: Set<String> = [
        "coalesce", "nullif", "greatest", "least", "lower", "upper", "abs", "length", "array_cat", "array_append",
        "jsonb_build_object", "jsonb_set", "cast",
    ]

    /// SQL value functions written without parentheses; all of them are stable at best.
    static let parameterlessNonImmutable = [
        "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime",
    ]

    /// Every way one SQL statement would fail or misbehave on Citus. `location` names it in the messages.
    ///
    /// The checks read text, not a parse tree: comments and string literals are blanked first, and bound
    /// parameters (`$1`) or interpolations are fine anywhere. That is enough for the store's own statements, which
    /// are written plainly; a construct the checks cannot see through is a reason to write the statement plainer.
    public static func violations(inStatement sql: String, at location: String) -> [DistributionViolation] {
        let text = normalized(sql)
        var found: [DistributionViolation] = []

        if let set = text.range(of: " do update set ") {
            var clause = text[set.upperBound...]
            for terminator in [" where ", " returning "] {
                if let end = clause.range(of: terminator) { clause = clause[..<end.lowerBound] }
            }
            var offenders = functionCalls(in: clause).filter { !immutableFunctions.contains($0) }
            offenders += parameterlessNonImmutable.filter { containsWord($0, in: clause) }
            if !offenders.isEmpty {
                found.append(
                    DistributionViolation(
                        .functionInConflictUpdate, location,
                        "ON CONFLICT … DO UPDATE SET calls \(offenders.joined(separator: ", ")); "
                            + "Citus accepts only immutable functions there: set the column from excluded.<column> "
                            + "and let the column default supply now()"))
            }
        }

        if text.hasPrefix("insert into "), containsWord("returning", in: text[...]) {
            let words = text.dropFirst("insert into ".count).split(separator: " ", maxSplits: 2)
            if words.count < 2 || words[1] != "as" {
                let table = words.first.map(String.init) ?? "?"
                found.append(
                    DistributionViolation(
                        .unaliasedInsertReturning, location,
                        "`INSERT INTO \(table) … RETURNING` without a target alias; write `INSERT INTO \(table) AS x "
                            + "… RETURNING x.column` (Citus mis-deparses an unaliased target on reference tables)"))
            }
        }

        if text.contains("pg_advisory") || text.contains("pg_try_advisory") {
            // Alone = the statement is the lock call: no table, so nothing for Citus to route to a worker.
            let standalone =
                (text.hasPrefix("select pg_advisory") || text.hasPrefix("select pg_try_advisory"))
                && !containsWord("from", in: text[...])
            if !standalone {
                found.append(
                    DistributionViolation(
                        .advisoryLockNotStandalone, location,
                        "advisory lock inside a larger statement; take it alone "
                            + "(`SELECT pg_advisory_xact_lock(…)`) so "
                            + "Citus runs it on the coordinator, then query"))
            }
        }
        return found
    }

    /// Lower-cased text with comments and string literals blanked and whitespace collapsed to single spaces.
    static func normalized(_ sql: String) -> String {
        var output = ""
        var scalars = Substring(sql).unicodeScalars[...]
        var lastWasSpace = true
        func emit(_ text: String) {
            if text.allSatisfy(\.isWhitespace) {
                if !lastWasSpace { output.append(" ") }
                lastWasSpace = true
            } else {
                output.append(text)
                lastWasSpace = false
            }
        }
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            switch scalar {
            case "-" where scalars.first == "-":
                while let next = scalars.first, next != "\n" { scalars = scalars.dropFirst() }
                emit(" ")
            case "/" where scalars.first == "*":
                scalars = scalars.dropFirst()
                while let next = scalars.first {
                    scalars = scalars.dropFirst()
                    if next == "*", scalars.first == "/" {
                        scalars = scalars.dropFirst()
                        break
                    }
                }
                emit(" ")
            case "'":
                while let next = scalars.first {
                    scalars = scalars.dropFirst()
                    if next == "'" { break }
                }
                output.append("''")
                lastWasSpace = false
            default:
                emit(String(scalar).lowercased())
            }
        }
        return output.trimmingWhitespace()
    }

    /// Names called as functions (`name(`), qualified names reduced to their last part; keywords that take
    /// parentheses (`in (`, `values (`, `as (`) are not calls.
    static func functionCalls(in text: Substring) -> [String] {
        let keywords: Set<String> = [
            "in", "values", "as", "and", "or", "not", "exists", "any", "all", "set", "select", "from", "where", "on",
            "into", "using", "over", "filter", "array", "row", "when", "then", "else", "is",
        ]
        var calls: [String] = []
        var word = ""
        var lastWord = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" || character == "." {
                word.append(character)
                continue
            }
            if !word.isEmpty {
                lastWord = word
                word = ""
            } else if character != " " && character != "(" {
                lastWord = ""
            }
            if character == "(", !lastWord.isEmpty {
                let name = String(lastWord.split(separator: ".").last ?? "")
                if !keywords.contains(name), name.first?.isLetter == true || name.first == "_" { calls.append(name) }
                lastWord = ""
            } else if character != " " {
                lastWord = ""
            }
        }
        return calls
    }

    static func containsWord(_ word: String, in text: Substring) -> Bool {
        var searchStart = text.startIndex
        while let range = text[searchStart...].range(of: word) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isBoundary: (Character?) -> Bool = { $0.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true }
            if isBoundary(before), isBoundary(after) { return true }
            searchStart = range.upperBound
        }
        return false
    }
}
