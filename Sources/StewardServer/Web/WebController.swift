import Connectors
import Foundation
import GoldenCore
import GoldenStore
import HTTPTypes
import Hummingbird
import Logging
import Matching
import NIOCore
import Survivorship
import SyncEngine

/// The pages of the steward and finance UI. Like the API's handlers, each decodes, calls the same use cases the
/// API calls, and renders; the role is checked on every write, and every write carries the session's CSRF token
/// (``VerifyCSRF``).
struct WebController: Sendable {
    let access: AccessControl
    let throttle: LoginThrottle
    let review: CandidateReview
    let lookup: GoldenRecordLookup
    let dashboard: DashboardRepository
    let stewardActions: StewardActions
    let valueActions: GoldenValueActions
    let proposals: GoldenProposalRepository
    let owners: OwnerReport
    let sources: SourceRepository
    let settings: StewardServerSettings

    // MARK: - Routes

    func addRoutes(to router: Router<APIRequestContext>) {
        let web = router.group()
            .add(middleware: WebSecurityHeaders())
            .add(middleware: WebErrorMiddleware())
            .add(middleware: RejectNULText(bodyMarker: "%00"))
            .add(middleware: SessionAuthenticator(access: access))
        web.get("assets/app.css") { _, _ in WebAssets.asset(WebAssets.stylesheet, type: "text/css; charset=utf-8") }
        web.get("assets/app.js") { _, _ in
            WebAssets.asset(WebAssets.script, type: "text/javascript; charset=utf-8")
        }
        web.get("assets/favicon.svg") { _, _ in WebAssets.asset(WebAssets.icon, type: "image/svg+xml") }
        // Browsers ask for /favicon.ico whatever the page says.
        web.get("favicon.ico") { _, _ in WebAssets.asset(WebAssets.icon, type: "image/svg+xml") }
        web.get("login") { request, context in
            if context.identity != nil { return WebPages.redirect(WebPages.safeNext(request.query("next"))) }
            return loginPage(context: context, next: request.query("next"), login: nil, error: nil)
        }
        web.post("login") { request, context in try await login(request, context: context) }

        let pages = web.group().add(middleware: RequireSession()).add(middleware: VerifyCSRF())
        pages.post("logout") { _, context in
            if let secret = context.sessionSecret {
                try await access.endSession(secret, actor: try context.principal.login)
            }
            var response = WebPages.redirect("/login")
            response.setCookie(SessionCookie.clear(secure: settings.secureCookies))
            return response
        }
        pages.get("/") { _, context in
            let role = try context.principal.role
            return WebPages.redirect(role == .finance ? "/finance" : role == .viewer ? "/quality" : "/review")
        }
        pages.get("review") { request, context in try await reviewPage(request, context: context) }
        pages.get("review/card/:id") { _, context in
            let card = try await pairCard(context.parameters.get("id") ?? "", context: context)
            return WebAssets.page("card", card)
        }
        pages.post("review/:id/decision") { request, context in
            try requireRole(context, [.steward])
            let form = WebForm(try await request.body.collect(upTo: 64 * 1024))
            guard let decision = form.text("decision").flatMap(CandidateReview.Decision.init(rawValue:)) else {
                throw APIError.invalid("decision", "decision is approve, reject or defer")
            }
            let reason = try optionalReason(form.first("reason")) ?? "reviewed in the queue (\(decision.rawValue))"
            let outcome = try await review.decide(
                context.parameters.get("id") ?? "", decision, reason: reason, actor: try context.principal.login)
            if request.headers[.accept]?.contains("application/json") == true { return try json(outcome) }
            return WebPages.redirect("/review", notice: "Pair \(outcome.status).")
        }
        pages.get("golden/:id") { request, context in
            let id = try context.uuid("id", "golden record")
            let detail = try await lookup.detail(id)
            let history = try await lookup.history(UUID(uuidString: detail.goldenID) ?? id)
            let chrome = Chrome(
                title: "Golden record", page: "golden", context: context, notice: request.query("notice"))
            let recordURLs = try await sources.recordURLs()
            return WebAssets.page(
                "golden",
                GoldenPage.build(
                    detail: detail, history: history, recordURLs: recordURLs, chrome: chrome, context: context))
        }
        pages.post("golden/:id/split") { request, context in
            let (id, form, actor) = try await goldenWrite(request, context, role: .steward)
            let records = try form.all("records").map { try sourceRecordRef($0, field: "records") }
            guard !records.isEmpty else { throw APIError.invalid("records", "tick the records that leave") }
            let result = try await stewardActions.split(
                golden: id, records: records, reason: try requireReason(form.first("reason")),
                actor: actor)
            return WebPages.redirect("/golden/\(result.newGoldenID.lowercasedText)", notice: "Split off into a new golden record.")
        }
        pages.post("golden/:id/move") { request, context in
            let (id, form, actor) = try await goldenWrite(request, context, role: .steward)
            let record = try sourceRecordRef(form.text("record") ?? "", field: "record")
            _ = try await stewardActions.move(
                record, to: id, reason: try requireReason(form.first("reason")), actor: actor)
            return WebPages.redirect("/golden/\(id.lowercasedText)", notice: "Moved \(record.source):\(record.id) here.")
        }
        pages.post("golden/:id/override") { request, context in
            let (id, form, actor) = try await goldenWrite(request, context, role: .steward)
            let attribute = form.text("attribute") ?? ""
            _ = try await valueActions.override(
                golden: id, attribute: attribute, value: form.text("value") ?? "",
                reason: try requireReason(form.first("reason")), actor: actor)
            return WebPages.redirect("/golden/\(id.lowercasedText)", notice: "\(attribute) overridden and locked.")
        }
        pages.post("golden/:id/unlock") { request, context in
            let (id, form, actor) = try await goldenWrite(request, context, role: .steward)
            let attribute = form.text("attribute") ?? ""
            _ = try await valueActions.unlock(
                golden: id, attribute: attribute, reason: try requireReason(form.first("reason")),
                actor: actor)
            return WebPages.redirect("/golden/\(id.lowercasedText)", notice: "\(attribute) unlocked.")
        }
        pages.post("golden/:id/confirm") { request, context in
            let (id, form, actor) = try await goldenWrite(request, context, role: .finance)
            _ = try await valueActions.confirm(
                golden: id, reason: try requireReason(form.first("reason")), actor: actor)
            return WebPages.redirect("/golden/\(id.lowercasedText)", notice: "Account confirmed.")
        }
        // Finance rejects an account's match to the books: the accounting records leave the golden record and stay
        // apart (a split, which every later run respects), so the CRM part goes back to provisional.
        pages.post("golden/:id/reject-match") { request, context in
            let (id, form, actor) = try await goldenWrite(request, context, role: .finance)
            _ = try await stewardActions.rejectAccountingMatch(
                golden: id, accountingSources: settings.survivorship.accountingSources,
                reason: try requireReason(form.first("reason")), actor: actor)
            return WebPages.redirect("/finance", notice: "Match rejected: the accounting record stays apart.")
        }
        pages.get("search") { request, context in
            let query = request.query("q")
            let entity = request.query("entity").flatMap { ["organization", "person"].contains($0) ? $0 : nil }
            let hits = try await search(query, entity: entity)
            return WebAssets.page(
                "search",
                SearchPage(
                    chrome: Chrome(title: "Search", page: "search", context: context), query: query,
                    entities: entityOptions(entity), hits: hits))
        }
        pages.get("search/results") { request, _ in
            let query = request.query("q")
            let entity = request.query("entity").flatMap { ["organization", "person"].contains($0) ? $0 : nil }
            let hits = try await search(query, entity: entity)
            return WebAssets.page("results", SearchResultsFragment(query: query, hits: hits))
        }
        pages.get("finance") { request, context in try await financePage(request, context: context) }
        pages.post("finance/proposals/:id") { request, context in
            try requireRole(context, [.finance])
            let id = try context.uuid("id", "proposal")
            let form = WebForm(try await request.body.collect(upTo: 64 * 1024))
            let decision = form.text("decision")
            guard decision == "accept" || decision == "reject" else {
                throw APIError.invalid("decision", "decision is accept or reject")
            }
            _ = try await valueActions.decide(
                proposal: id, accept: decision == "accept", reason: try requireReason(form.first("reason")),
                actor: try context.principal.login)
            return WebPages.redirect("/finance", notice: "Proposal \(decision == "accept" ? "accepted" : "rejected").")
        }
        pages.get("quality") { request, context in try await qualityPage(request, context: context) }
    }

    // MARK: - Login

    struct LoginPage: Sendable {
        let chrome: Chrome
        let next: String?
        let login: String?
        let error: String?
        /// The login form's own CSRF token (there is no session yet): the same value goes in a cookie.
        let token: String
    }

    /// The login page, with a fresh login token in its form and in a cookie. A sign-in must present both, so a page
    /// on another site cannot sign a victim's browser in as the attacker (login CSRF): `SameSite=Strict` keeps the
    /// cookie from its request, and it cannot read the token.
    private func loginPage(context: APIRequestContext, next: String?, login: String?, error: String?,
        status: HTTPResponse.Status = .ok) -> Response
    {
        let token = AccessControl.newSecret()
        var response = WebAssets.page(
            "login",
            LoginPage(
                chrome: Chrome(title: "Sign in", page: "login", context: context), next: next, login: login,
                error: error, token: token),
            status: status)
        response.setCookie(LoginCookie.set(token, secure: settings.secureCookies))
        return response
    }

    private func login(_ request: Request, context: APIRequestContext) async throws -> Response {
        let form = WebForm(try await request.body.collect(upTo: 16 * 1024))
        let login = form.text("login") ?? ""
        let next = WebPages.safeNext(form.text("next"))
        guard let cookie = request.cookies[LoginCookie.name]?.value, let presented = form.first("_login"),
            constantTimeEqual(cookie, presented)
        else {
            return loginPage(
                context: context, next: next, login: login,
                error: "The sign-in form expired or did not come from golden; please sign in again.",
                status: .forbidden)
        }
        if let wait = await throttle.retryAfter(login, address: context.remoteAddress) {
            var response = loginPage(
                context: context, next: next, login: login,
                error: "Too many failed attempts for this login; try again in \(wait / 60 + 1) minutes.",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let role = form.text("role").flatMap(Role.init(rawValue:))
        do {
            let session = try await access.startSession(login: login, password: form.first("password") ?? "", role: role)
            await throttle.succeeded(login)
            var response = WebPages.redirect(next)
            response.setCookie(
                SessionCookie.set(session.secret, expires: session.expiresAt, secure: settings.secureCookies))
            response.setCookie(LoginCookie.clear(secure: settings.secureCookies))
            return response
        } catch let refusal as AccessControl.Refusal {
            if refusal.code == .invalidLogin { await throttle.failed(login, address: context.remoteAddress) }
            return loginPage(
                context: context, next: next, login: login, error: refusal.message, status: .unauthorized)
        }
    }

    // MARK: - Review

    private func reviewPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let entity = request.query("entity").flatMap { ["organization", "person"].contains($0) ? $0 : nil }
        let source = request.query("source")
        let band = ReviewPage.bandRanges.first { $0.value == (request.query("band") ?? "") } ?? ReviewPage.bandRanges[0]
        let queue = try await review.queue(
            CandidateReview.Filter(
                entity: entity, source: source, minProbability: band.range?.lowerBound,
                maxProbability: band.range?.upperBound, limit: 200, offset: 0))
        let chosen = request.query("id") ?? queue.candidates.first?.id
        var filterQuery = ""
        for (name, value) in [("entity", entity), ("source", source), ("band", band.range == nil ? nil : band.value)] {
            if let value { filterQuery += URLComponents.formQuery([name: value]) + "&" }
        }
        let sourceNames = try await dashboard.sourceNames()
        let card: PairCard? =
            if let chosen { try await pairCard(chosen, context: context) } else { nil }
        let page = ReviewPage(
            chrome: Chrome(title: "Review", page: "review", context: context, notice: request.query("notice")),
            entities: entityOptions(entity),
            sources: [Option(value: "", label: "any source", selected: source == nil)]
                + sourceNames.map { Option(value: $0, label: $0, selected: $0 == source) },
            bands: ReviewPage.bandRanges.map { Option(value: $0.value, label: $0.label, selected: $0.value == band.value) },
            queue: queue.candidates.map { entry in
                ReviewPage.Row(
                    id: entry.id, entity: entry.entity, percent: DisplayText.percent(entry.probability),
                    band: DisplayText.band(entry.probability), sources: entry.sources.joined(separator: " · "),
                    active: entry.id == chosen, filterQuery: filterQuery)
            },
            queueCount: queue.candidates.count, card: card)
        return WebAssets.page("review", page)
    }

    private func pairCard(_ id: String, context: APIRequestContext) async throws -> PairCard {
        let detail = try await review.detail(id)
        let goldenIDs = Array(Set([detail.left?.goldenID, detail.right?.goldenID].compactMap { $0 }.compactMap(UUID.init(uuidString:))))
        let members = try await dashboard.memberRecords(of: goldenIDs)
        let recordIDs = members.values.flatMap { $0.map(\.sourceRecordID) }
        let edges = recordIDs.count > 2 ? try await dashboard.pairs(among: recordIDs, limit: 50) : []
        return PairCard.build(detail: detail, members: members, edges: edges, context: context)
    }

    // MARK: - Search

    struct SearchResultsFragment: Sendable {
        let query: String?
        let hits: [SearchPage.Hit]
    }

    private func search(_ query: String?, entity: String?) async throws -> [SearchPage.Hit] {
        guard let query, query.unicodeScalars.count <= 200 else { return [] }
        return SearchPage.hits(try await lookup.search(query, entity: entity, limit: 25))
    }

    // MARK: - Finance

    private func financePage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let tabs = [("matched", "Awaiting confirmation"), ("provisional", "CRM only"), ("confirmed", "Confirmed")]
        let status = tabs.first { $0.0 == request.query("status") }?.0 ?? "matched"
        let entries = try await dashboard.organizations(status: status, limit: 50, offset: 0)
        let members = try await dashboard.memberRecords(of: entries.map(\.goldenID))
        let accounting = settings.survivorship.accountingSources
        let open = try await proposals.list(status: "open", limit: 100)
        let canDecide = context.identity?.role.permits([.finance]) ?? false
        let page = FinancePage(
            chrome: Chrome(title: "Finance", page: "finance", context: context, notice: request.query("notice")),
            tabs: tabs.map { Option(value: $0.0, label: $0.1, selected: $0.0 == status) },
            statusLabel: tabs.first { $0.0 == status }?.1.lowercased() ?? status,
            accounts: entries.map {
                FinancePage.account($0, members: members[$0.goldenID] ?? [], accountingSources: accounting, context: context)
            },
            proposals: open.map {
                FinancePage.Proposal(
                    proposalID: $0.proposalID.lowercasedText, goldenID: $0.goldenID.lowercasedText, attribute: $0.attribute,
                    current: $0.current ?? "(empty)", proposed: $0.proposed, rule: $0.rule, canConfirm: canDecide,
                    csrf: context.csrfToken)
            })
        return WebAssets.page("finance", page)
    }

    // MARK: - Quality

    private func qualityPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let staleMonths = (try? request.queryInt("stale_months", default: 12, range: 1...120)) ?? 12
        // The lists landing standardized with (mappings' own when configured), so the counts agree with matching.
        let email = settings.standardizers?.email ?? EmailStandardizer()
        let sources = try await dashboard.sourceHealth(
            staleMonths: staleMonths, freeMailDomains: Array(email.freeMailDomains.domains).sorted(),
            roleLocalParts: Array(email.roleLocalParts).sorted())
        let histogram = try await dashboard.scoreHistogram(bins: 20)
        let runs = try await dashboard.recentRuns(limit: 20)
        let quarantine = try await dashboard.quarantineGroups(limit: 60)
        let conflicts = try await owners.page(limit: 10)
        let parked = try await dashboard.parkedDeltas()
        let thresholds = settings.match.organization.thresholds
        let live = sources.reduce(0) { $0 + $1.live }
        let clean = sources.reduce(0) { $0 + $1.clean }
        let duplicates = sources.reduce(0) { $0 + $1.inDuplicates }
        let queueNow = try await dashboard.reviewQueueSize()
        let page = QualityPage(
            chrome: Chrome(title: "Data quality", page: "quality", context: context),
            kpis: [
                .init(value: "\(live)", label: "live source records"),
                .init(value: live == 0 ? "–" : DisplayText.percent(Double(clean) / Double(live)), label: "clean"),
                .init(value: "\(duplicates)", label: "records in duplicates"),
                .init(value: "\(quarantine.reduce(0) { $0 + $1.count })", label: "values in quarantine"),
                .init(value: "\(queueNow)", label: "pairs awaiting review"),
                .init(value: "\(parked.reduce(0) { $0 + $1.count })", label: "parked deltas"),
            ],
            staleMonths: staleMonths,
            sources: sources.map {
                let share = $0.live == 0 ? 0 : Double($0.clean) / Double($0.live)
                return QualityPage.Source(
                    source: $0.source, kind: $0.kind, live: $0.live, cleanPercent: DisplayText.percent(share),
                    cleanBar: SVGChart.meter(share), inDuplicates: $0.inDuplicates, freeMail: $0.freeMail,
                    roleMail: $0.roleMail, stale: $0.stale)
            },
            histogramSVG: SVGChart.histogram(
                histogram,
                thresholds: [("review ≥ \(thresholds.lower)", thresholds.lower), ("link ≥ \(thresholds.upper)", thresholds.upper)]),
            queueSVG: SVGChart.line(
                runs.reversed().map { (DisplayText.date($0.startedAt).map { String($0.prefix(16)) } ?? "", $0.reviewQueue) }),
            quarantine: quarantine.map {
                QualityPage.Quarantine(source: $0.source, reasonCode: $0.reasonCode, count: $0.count, examples: $0.examples)
            },
            ownerConflictCount: conflicts.total,
            ownerConflicts: conflicts.entries.map {
                QualityPage.Conflict(
                    goldenID: $0.goldenID.lowercasedText, name: $0.name, entity: $0.entity,
                    owners: $0.owners.map { "\($0.source) \($0.name ?? $0.ownerID)" }.joined(separator: " · "))
            },
            runs: runs.map { run in
                QualityPage.Run(
                    started: DisplayText.date(run.startedAt) ?? "", kind: run.kind, outcome: run.outcome ?? "running",
                    seconds: run.finishedAt.map { String(format: "%.1f", $0.timeIntervalSince(run.startedAt)) } ?? "",
                    pulled: run.pulled, newVersions: run.newVersions, echoes: run.echoes, pushed: run.pushed,
                    pushFailed: run.pushFailed, reviewQueue: run.reviewQueue,
                    phases: QualityPage.phases(run.phasesJSON))
            },
            parked: parked.map { QualityPage.Parked(source: $0.source, count: $0.count) })
        return WebAssets.page("quality", page)
    }

    // MARK: - Helpers

    private func entityOptions(_ entity: String?) -> [Option] {
        [("", "all types"), ("organization", "organizations"), ("person", "persons")].map {
            Option(value: $0.0, label: $0.1, selected: $0.0 == (entity ?? ""))
        }
    }

    /// A write on one golden record from a page: the role is checked before anything is read, then the id, the
    /// form and who acts.
    private func goldenWrite(_ request: Request, _ context: APIRequestContext, role: Role) async throws
        -> (id: UUID, form: WebForm, actor: String)
    {
        try requireRole(context, [role])
        let id = try context.uuid("id", "golden record")
        let form = WebForm(try await request.body.collect(upTo: 64 * 1024))
        return (id, form, try context.principal.login)
    }

    private func requireRole(_ context: APIRequestContext, _ allowed: Set<Role>) throws {
        let principal = try context.principal
        guard principal.role.permits(allowed) else { throw APIError.forbidden(principal.role, needs: allowed) }
    }
}
