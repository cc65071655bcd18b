import Foundation

/// One page of a stamp-keyset pass, as a source answered it.
struct StampedPage: Sendable {
    struct Row: Sendable {
        let record: RawRecord
        /// The row's modification stamp, parsed; rows sharing it are counted for the next page's offset.
        let stamp: Date?
        /// The stamp as the source wrote it: what the watermark stores, so it reads back exactly.
        let stampText: String?
    }

    var rows: [Row]
    /// The source says no page follows in this pass.
    var endsPass: Bool
}

/// What differs between sources paged by stamp keyset: how one page of a pass is asked for and read.
protocol StampKeysetSource: Sendable {
    associatedtype Pass: Sendable
    /// How far before the stored watermark an incremental pass starts.
    var overlap: Duration { get }
    /// The pass's entry in the watermark object (`companies`, `companies#deleted`).
    func watermarkKey(of pass: Pass) -> String
    /// A stamp as the watermark stores it, parsed.
    func parseStamp(_ text: String) -> Date?
    /// Page `page` (from 1) of `pass`: rows stamped at or after `since` (everything when `nil`), ordered by
    /// (stamp, id), skipping the first `skip` of them.
    func stampedPage(_ pass: Pass, page: Int, since: Date?, skip: Int) async throws -> StampedPage
}

/// The paging loop Bitrix24 and ELMA365 share: keyed on the modification stamp, with an offset only inside one stamp.
///
/// Every page asks for rows stamped at or after `t` with the offset = how many rows stamped exactly `t` were already
/// delivered, `t` being the last stamp seen. A plain offset over a list ordered by stamp loses a row for good when a
/// row before the offset is edited during the pull (it moves to the end and everything after it shifts); keyed on
/// the stamp, the offset spans only rows sharing one stamp. The watermark (one entry per pass) moves every page, so
/// a killed run resumes mid-pass. Driven by the stream's consumer, page by page (no background task).
actor StampKeysetPull<Source: StampKeysetSource>: PagedPull {
    private let source: Source
    let passes: [Source.Pass]
    /// Per pass, the stamp text of the last row committed.
    private var watermarks: [String: String]
    private(set) var passIndex = 0
    private var page = 0
    /// The keyset position: the last stamp seen in this pass and how many rows carrying it were delivered.
    private var lastStamp: Date?
    private var delivered = 0
    var finished = false

    init(source: Source, passes: [Source.Pass], watermark: String?) {
        self.source = source
        self.passes = passes
        self.watermarks = PassWatermarks.decode(watermark)
    }

    func fetchPage(_ pass: Source.Pass) async throws -> RawRecordBatch? {
        let key = source.watermarkKey(of: pass)
        page += 1
        if page == 1 {
            lastStamp = watermarks[key].flatMap(source.parseStamp).map {
                $0.addingTimeInterval(-source.overlap.seconds)
            }
            delivered = 0
        }
        let answer = try await source.stampedPage(pass, page: page, since: lastStamp, skip: delivered)
        var lastText: String?
        for row in answer.rows {
            if let stamp = row.stamp, stamp == lastStamp {
                delivered += 1
            } else {
                lastStamp = row.stamp
                delivered = 1
            }
            lastText = row.stampText
        }
        if answer.endsPass {
            passIndex += 1
            page = 0
            lastStamp = nil
            delivered = 0
        }
        guard let lastText else { return nil }
        watermarks[key] = lastText
        return RawRecordBatch(records: answer.rows.map(\.record), watermark: PassWatermarks.encode(watermarks))
    }
}
