extension Migration {
    /// Whether landing judged a version the echo of our own acknowledged deltas (``EchoTest``: only write stamps and
    /// values we wrote changed). Survivorship gives an echo the modification time of the version before it, so that
    /// our write coming back does not make its record the newest; it used to assume that of *every* first version
    /// after an acknowledged push, so a person's edit made after our push counted as old, lost "most recent" to an
    /// older value elsewhere, and the next push wrote that older value over the edit.
    ///
    /// Null for versions landed before this column, and by a landing without an echo test: survivorship treats
    /// those as before. A column with no default is added without rewriting the table.
    static let versionEchoes = Migration(
        version: 25,
        name: "version_echoes",
        sql: #"""
            ALTER TABLE raw_record_versions ADD COLUMN echo boolean;
            """#
    )
}
