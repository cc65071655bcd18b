import Connectors
import Foundation
import HTTPTypes
import Hummingbird
import Survivorship

/// What every page shows around its content: who is signed in and as what, the navigation, the CSRF token its
/// forms carry, and a one-line notice after an action.
struct Chrome: Sendable {
    struct NavLink: Sendable {
        let href: String
        let label: String
        let active: Bool
    }

    let title: String
    let page: String
    let login: String?
    let role: String?
    let csrf: String?
    let nav: [NavLink]
    let notice: String?

    init(title: String, page: String, context: APIRequestContext, notice: String? = nil) {
        self.title = title
        self.page = page
        self.login = context.identity?.login
        self.role = context.identity?.role.rawValue
        self.csrf = context.csrfToken
        self.notice = notice
        self.nav =
            context.identity == nil
            ? []
            : [("review", "Review"), ("search", "Search"), ("finance", "Finance"), ("quality", "Quality")].map {
                NavLink(href: "/\($0.0)", label: $0.1, active: $0.0 == page)
            }
    }
}

/// One `value` for the filter selects.
struct Option: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

enum WebPages {
    struct ErrorPage: Sendable {
        let chrome: Chrome
        let status: Int
        let heading: String
        let message: String
    }

    static func error(_ error: APIError, context: APIRequestContext) -> Response {
        let heading: String =
            switch error.status {
            case .forbidden: "Not allowed"
            case .notFound: "Not found"
            case .unauthorized: "Sign in first"
            case .unprocessableContent, .badRequest: "Cannot do that"
            case .conflict: "Changed meanwhile"
            case .tooManyRequests: "Too many attempts"
            default: "Something went wrong"
            }
        return WebAssets.page(
            "error",
            ErrorPage(
                chrome: Chrome(title: heading, page: "error", context: context), status: error.status.code,
                heading: heading, message: error.message),
            status: error.status)
    }

    /// A redirect after a form (POST → 303 → GET), with a notice for the next page.
    static func redirect(_ path: String, notice: String? = nil) -> Response {
        var location = path
        if let notice {
            location += (path.contains("?") ? "&" : "?") + URLComponents.formQuery(["notice": notice])
        }
        return Response(status: .seeOther, headers: [.location: location])
    }

    /// Only a local path may be a login's `next`: never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

/// How a stored JSON value reads on a page: a standardized `{raw, value}` shows its value, a list its items, an
/// object its fields; never JSON syntax.
enum DisplayText {
    static func of(_ value: JSONValue?) -> String {
        lines(value).joined(separator: "; ")
    }

    static func lines(_ value: JSONValue?) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return text.isEmpty ? [] : [text]
        case .number(let number)?:
            return [number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)]
        case .bool(let flag)?: return [flag ? "yes" : "no"]
        case .array(let items)?: return items.flatMap { lines($0) }
        case .object(let fields)?:
            if let value = fields["value"] { return lines(value) }
            return fields.keys.sorted().compactMap { key in
                let text = of(fields[key])
                return text.isEmpty ? nil : "\(key): \(text)"
            }
        }
    }

    /// `2026-03-14 10:15 UTC`: minutes are what a person compares on a page.
    static func date(_ date: Date?) -> String? {
        date.map { String(Timestamp.text($0).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC" }
    }

    /// `2026-03-14`: the day a source last changed a value.
    static func day(_ date: Date) -> String {
        String(Timestamp.text(date).prefix(10))
    }

    /// The name a record or golden record shows: legal name, full name or name, the first that is there.
    static func name(of fields: [String: JSONValue]) -> String? {
        ["legal_name", "full_name", "name"].lazy.compactMap { of(fields[$0]).nilIfEmpty }.first
    }

    /// The top-level fields of a stored JSON document (attributes), empty when it is not an object.
    static func fields(_ json: String) -> [String: JSONValue] {
        fields(JSONValue(parsing: json))
    }

    static func fields(_ value: JSONValue) -> [String: JSONValue] {
        if case .object(let fields) = value { return fields }
        return [:]
    }

    static func percent(_ probability: Double) -> String {
        String(format: "%.1f%%", probability * 100)
    }

    /// low / mid / high, for colouring a probability.
    static func band(_ probability: Double) -> String {
        probability < 0.5 ? "low" : probability < 0.9 ? "mid" : "high"
    }
}
