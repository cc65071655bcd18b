import Foundation

/// The in-memory data of one sandbox CRM: its records, the writes it received, the server-side cursors it handed
/// out and the counters that make fault injection deterministic.
///
/// An actor because request handlers run concurrently on the server's event loops; everything a test asserts on
/// (records, writes, edits) is read through it.
public actor SandboxRecordStore {
    let dialect: any SandboxDialect
    public let faults: FaultPlan
    private var records: [String: SandboxRecord]
    private var cursors: [String: (rows: [SandboxRecord], fields: [String])] = [:]
    private var requestCount = 0
    private var pageCount = 0
    private var writeRequestCount = 0
    private var lastStamp: Int64
    private var frozenClock: Int64?
    /// Every record of every write request, in arrival order.
    public private(set) var receivedWrites: [SandboxWrite] = []

    init(records generated: some Sequence<GeneratedRecord> & Sendable, dialect: any SandboxDialect, faults: FaultPlan) {
        self.dialect = dialect
        self.faults = faults
        var records: [String: SandboxRecord] = [:]
        var last: Int64 = 0
        for record in generated {
            let millis =
                dialect.modifiedMillis(of: record.payload)
                ?? Int64((record.modifiedAt.timeIntervalSince1970 * 1000).rounded())
            records[record.sourceId] = SandboxRecord(
                id: record.sourceId, object: dialect.object(for: record.entity), modifiedAt: millis,
                deleted: record.deleted, payload: record.payload)
            last = max(last, millis)
        }
        self.records = records
        self.lastStamp = last
    }

    /// Records held, deleted ones included: what a full pull must return.
    public var count: Int { records.count }

    public func record(id: String) -> SandboxRecord? { records[id] }

    /// All records of an object, deleted ones included, ordered by id.
    public func records(object: String) -> [SandboxRecord] {
        records.values.filter { $0.object == object }.sorted { $0.id < $1.id }
    }

    // MARK: Serving

    /// Counts a request and draws its injected failure, if any.
    func admit() -> InjectedFault? {
        requestCount += 1
        return faults.fault(forRequest: requestCount)
    }

    public var requestsServed: Int { requestCount }

    /// Counts a listing page; true for the one page the plan says to garble.
    func nextPageIsMalformed() -> Bool {
        pageCount += 1
        return faults.malformedPage == pageCount
    }

    /// Records of `object` that pass `filter`, in `order`.
    func select(
        object: String, where filter: @Sendable (SandboxRecord) -> Bool,
        orderedBy order: @Sendable (SandboxRecord, SandboxRecord) -> Bool
    ) -> [SandboxRecord] {
        records.values.filter { $0.object == object && filter($0) }.sorted(by: order)
    }

    /// Keeps a query's result so its pages come from one snapshot, as a server-side cursor does.
    func openCursor(_ rows: [SandboxRecord], fields: [String]) -> String {
        let id = "01gSBX" + String(cursors.count + 1, radix: 36).uppercased()
        cursors[id] = (rows, fields)
        return id
    }

    /// A cursor's rows and the fields its query selected.
    func cursor(_ id: String) -> (rows: [SandboxRecord], fields: [String])? { cursors[id] }

    // MARK: Changing

    /// A modification stamp no earlier than anything already stored. At millisecond resolution every change gets
    /// its own millisecond (a millisecond after the newest stamp when changes come faster than the clock); at
    /// whole seconds, changes within one second share their stamp, as they do in Salesforce and Bitrix24, so
    /// connectors meet tied stamps.
    private func nextStamp() -> Int64 {
        let now = frozenClock ?? Int64(Date().timeIntervalSince1970 * 1000)
        let resolution = dialect.stampResolution
        if resolution <= 1 {
            lastStamp = max(now, lastStamp + 1)
        } else {
            let ceiling = (lastStamp + resolution - 1) / resolution * resolution
            lastStamp = max(now / resolution * resolution, ceiling)
        }
        return lastStamp
    }

    /// Stamps changes at `date` instead of the wall clock from now on (`nil` resumes the clock), so a test can
    /// make edits in different runs share one whole-second stamp, as edits a moment apart do in a real org.
    public func freezeClock(at date: Date?) {
        frozenClock = date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) }
    }

    /// Applies one write request: every record succeeds or fails on its own, and all of them are recorded.
    ///
    /// With `allOrNone`, one failure rolls the whole request back: nothing is stored, and the records that would
    /// have succeeded come back as `.failed(code: "ROLLED_BACK")`.
    func write(
        _ items: [(object: String, id: String, fields: [String: GeneratedValue])], allOrNone: Bool = false
    ) -> [SandboxWrite] {
        writeRequestCount += 1
        let request = writeRequestCount
        let stamp = nextStamp()
        // Changes are staged and committed at the end, so a rolled-back request touches nothing and no write copies
        // the whole store; a later item of the request sees an earlier one's change to the same record.
        var staged: [String: SandboxRecord] = [:]
        var results: [SandboxWrite] = []
        for item in items {
            let outcome: SandboxWrite.Outcome
            if faults.failsWrite(recordId: item.id, request: request) {
                outcome = .failed(code: "INJECTED_FAILURE")
            } else if var record = staged[item.id] ?? records[item.id], record.object == item.object, !record.deleted {
                if let code = dialect.apply(item.fields, to: &record) {
                    outcome = .failed(code: code)
                } else {
                    dialect.stamp(&record, at: stamp)
                    staged[item.id] = record
                    outcome = .applied
                }
            } else {
                outcome = .failed(code: "NOT_FOUND")
            }
            results.append(
                SandboxWrite(
                    request: request, object: item.object, recordId: item.id, fields: item.fields, outcome: outcome))
        }
        if allOrNone, results.contains(where: { $0.outcome != .applied }) {
            results = results.map { write in
                guard write.outcome == .applied else { return write }
                return SandboxWrite(
                    request: write.request, object: write.object, recordId: write.recordId, fields: write.fields,
                    outcome: .failed(code: "ROLLED_BACK"))
            }
        } else {
            for (id, record) in staged { records[id] = record }
        }
        receivedWrites.append(contentsOf: results)
        return results
    }

    /// Deletes one record as the API's own delete call does (soft: the dialect flags it and stamps it now).
    ///
    /// - Returns: `.failed("NOT_FOUND")` for an unknown id or another object's, `.failed("ALREADY_DELETED")` for a
    ///   record deleted before; both are recorded like writes.
    func delete(object: String, id: String) -> SandboxWrite {
        writeRequestCount += 1
        let outcome: SandboxWrite.Outcome
        if var record = records[id], record.object == object {
            if record.deleted {
                outcome = .failed(code: "ALREADY_DELETED")
            } else {
                dialect.delete(&record, mergedInto: nil, at: nextStamp())
                records[id] = record
                outcome = .applied
            }
        } else {
            outcome = .failed(code: "NOT_FOUND")
        }
        let write = SandboxWrite(
            request: writeRequestCount, object: object, recordId: id, fields: [:], outcome: outcome)
        receivedWrites.append(write)
        return write
    }

    /// Scripted edits between runs: each live record is touched with probability `rate` (mostly value edits, some
    /// deletions and, where the CRM reports them, merges into another live record), each stamped now.
    ///
    /// - Returns: the edits, in record id order; the same seed on the same data gives the same edits.
    @discardableResult
    public func applyEdits(rate: Double, seed: UInt64) -> [SandboxEdit] {
        var rng = SplitMix64(seed: seed, 0x6564_6974)
        let live = records.values.filter { !$0.deleted }.sorted { $0.id < $1.id }
        var edits: [SandboxEdit] = []
        var removed: Set<String> = []
        // Survivors of this round's merges stay live, so a merge never points at a deleted record.
        var survivors: Set<String> = []
        for candidate in live where rng.chance(rate) {
            guard var record = records[candidate.id] else { continue }
            let stamp = nextStamp()
            let roll = rng.unit()
            if roll < 0.8 || survivors.contains(record.id) {
                dialect.edit(&record, rng: &rng)
                dialect.stamp(&record, at: stamp)
                edits.append(SandboxEdit(object: record.object, recordId: record.id, kind: .updated))
            } else {
                var survivor: String?
                if roll >= 0.9, dialect.reportsMerges {
                    survivor =
                        live.first {
                            $0.object == record.object && $0.id != record.id && !removed.contains($0.id)
                        }?.id
                    if let survivor { survivors.insert(survivor) }
                }
                dialect.delete(&record, mergedInto: survivor, at: stamp)
                removed.insert(record.id)
                edits.append(
                    SandboxEdit(
                        object: record.object, recordId: record.id,
                        kind: survivor.map { SandboxEdit.Kind.merged(survivor: $0) } ?? .deleted))
            }
            records[record.id] = record
        }
        return edits
    }
}
