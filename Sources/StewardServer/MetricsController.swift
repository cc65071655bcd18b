import Connectors
import Foundation
import GoldenStore
import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics`: Prometheus text format.
///
/// Two kinds of figures share one registry: the server's own HTTP metrics (Hummingbird's `MetricsMiddleware`
/// through swift-metrics, when `golden serve` bootstrapped the Prometheus factory) and the pipeline's figures,
/// which are set from the store at each scrape (``MetricsRepository``) because syncs run in other processes. It
/// answers without a token, like `/health`: it carries counts only, and the server listens on loopback unless told
/// otherwise.
struct MetricsController: Sendable {
    let repository: MetricsRepository
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("metrics") { _, _ -> Response in
            try await refresh()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private func refresh() async throws {
        let snapshot = try await repository.snapshot()
        for run in snapshot.runs {
            registry.makeGauge(
                name: "golden_sync_runs", labels: [("kind", run.kind), ("outcome", run.outcome)],
                help: "Runs recorded in the store, by kind and outcome."
            ).set(Double(run.count))
        }
        if let finished = snapshot.lastSyncFinishedAt {
            registry.makeGauge(
                name: "golden_last_sync_finished_timestamp_seconds", help: "When the newest finished sync ended."
            ).set(finished.timeIntervalSince1970)
        }
        if let seconds = snapshot.lastSyncSeconds {
            registry.makeGauge(name: "golden_last_sync_duration_seconds", help: "Wall time of the newest finished sync.")
                .set(seconds)
        }
        if case .object(let phases) = JSONValue(parsing: snapshot.lastSyncPhasesJSON) {
            for (phase, value) in phases {
                guard case .number(let seconds) = value else { continue }
                registry.makeGauge(
                    name: "golden_last_sync_phase_seconds", labels: [("phase", phase)],
                    help: "Seconds per phase of the newest finished sync."
                ).set(seconds)
            }
        }
        for record in snapshot.lastSyncRecords {
            registry.makeGauge(
                name: "golden_last_sync_records", labels: [("source", record.source), ("measure", record.measure)],
                help: "Records per source of the newest finished sync: pulled, new versions, quarantined, deleted, pushed, push failed."
            ).set(Double(record.count))
        }
        for row in snapshot.outbox {
            registry.makeGauge(
                name: "golden_outbox_deltas", labels: [("source", row.source), ("state", row.state)],
                help: "Deltas in the outbox by source and state (pending, acked, parked…)."
            ).set(Double(row.count))
        }
        for row in snapshot.golden {
            registry.makeGauge(
                name: "golden_records", labels: [("entity", row.entity), ("status", row.status)],
                help: "Active golden records by entity and finance status."
            ).set(Double(row.count))
        }
        registry.makeGauge(name: "golden_review_queue", help: "Candidate pairs waiting for a steward.")
            .set(Double(snapshot.reviewQueue))
    }
}
