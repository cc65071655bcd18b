import Foundation
import GoldenCore

/// What one batch changes, decided in memory from the batch and the stored state of its records.
///
/// Landing reads the current version, hash and deletion flag of the batch's records once, and this plan says
/// which versions to append, which records are new (written with COPY straight into `source_records`) and which
/// existing ones move to a newer version (an `UPDATE`). An unchanged record appears nowhere: it costs one index
/// lookup and is never sent again. A record that comes twice in one batch (two edits between pulls) gets one
/// version per change, in batch order, and its current row takes the last.
struct LandingPlan: Equatable {
    /// The stored state of a record, as far as deciding "changed or not" needs it.
    struct StoredState: Equatable {
        var version: Int
        var contentHash: [UInt8]
        var deleted: Bool
        /// The digest of the file row the stored version came from (not part of "changed or not").
        var rowDigest: RowDigest? = nil
        /// The entity the stored row is counted under (an update keeps it), when read.
        var entity: String? = nil
    }

    /// One version to append: the batch position of the record that carries it, and its version number.
    struct Version: Equatable {
        var index: Int
        var version: Int
    }

    /// Versions to append to `raw_record_versions`, in batch order.
    private(set) var versions: [Version] = []
    /// The last version of each record that is not stored yet: rows for COPY into `source_records`.
    private(set) var inserts: [Version] = []
    /// The last version of each stored record that changed: rows for the `UPDATE` of `source_records`.
    private(set) var updates: [Version] = []
    /// The stored records of the batch that get no version but came from a row whose digest is not the stored one
    /// (an export whose header changed, or one landed before digests were kept): setting the stored digest to the
    /// row's lets the next pull of the file skip them. Their payload is the stored one, so the row's digest names
    /// the current version as truly as the old one did. The last row of a record counts.
    func digestRefreshes(
        ids: [UUID], rowDigests: [RowDigest?], stored: [UUID: StoredState]
    ) -> [LandingRepository.DigestRefresh] {
        precondition(ids.count == rowDigests.count, "one digest (or nil) per record")
        let versioned = Set(versions.map { ids[$0.index] })
        var latest: [UUID: RowDigest] = [:]
        for index in ids.indices where !versioned.contains(ids[index]) {
            if let digest = rowDigests[index] { latest[ids[index]] = digest }
        }
        return latest.compactMap { id, digest in
            guard let state = stored[id], state.rowDigest != digest else { return nil }
            return LandingRepository.DigestRefresh(id: id, version: state.version, digest: digest)
        }.sorted { $0.id.isOlder(than: $1.id) }
    }

    /// - Parameters:
    ///   - ids: the source record id of each record of the batch, in batch order.
    ///   - hashes, deleted: each record's content hash and deletion flag, in batch order.
    ///   - stored: the state in the store of those ids that exist there.
    init(ids: [UUID], hashes: [[UInt8]], deleted: [Bool], stored: [UUID: StoredState]) {
        precondition(ids.count == hashes.count && ids.count == deleted.count, "one id, hash and flag per record")
        var latest = stored
        var lastVersion: [UUID: Int] = [:]  // batch position in `versions` of each record's newest version
        for index in ids.indices {
            let id = ids[index]
            let previous = latest[id]
            if let previous, previous.contentHash == hashes[index], previous.deleted == deleted[index] { continue }
            let version = (previous?.version ?? 0) + 1
            latest[id] = StoredState(version: version, contentHash: hashes[index], deleted: deleted[index])
            lastVersion[id] = versions.count
            versions.append(Version(index: index, version: version))
        }
        for (position, version) in versions.enumerated() where lastVersion[ids[version.index]] == position {
            if stored[ids[version.index]] == nil {
                inserts.append(version)
            } else {
                updates.append(version)
            }
        }
    }
}
