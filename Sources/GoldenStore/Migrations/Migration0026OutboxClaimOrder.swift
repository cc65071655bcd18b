extension Migration {
    /// The outbox's undelivered rows of a source in the order a push claims them (oldest first, by golden version,
    /// then record), so a claim reads its batch from the head of an index instead of every undelivered row.
    ///
    /// `OutboxRepository.claim` takes the oldest due rows of a source, at most one per record. With only
    /// `outbox_due` (source, retry time) to go by, the server read every undelivered row of the outbox, joined each to
    /// its record and version, and sorted them all, for every batch: 272 ms per batch of 200 with 55k rows waiting
    /// (`bench e2e --records 100000`), about ten times that at 1M, and a first push sends a million rows 50 to 200 at
    /// a time, so the push's time grew with the square of the outbox. In this order a batch takes 3.7 ms on the same
    /// store (`EXPLAIN ANALYZE`). `outbox_due` served no other query, so it goes, and a golden run writes as many
    /// index entries per delta as before.
    static let outboxClaimOrder = Migration(
        version: 26,
        name: "outbox_claim_order",
        sql: #"""
            DROP INDEX outbox_due;
            CREATE INDEX outbox_claim ON outbox (source, created_at, golden_version, source_record_id)
                WHERE state IN ('pending', 'failed', 'in_flight');
            """#
    )
}
