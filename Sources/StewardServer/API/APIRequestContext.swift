import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// The request context of the API: Hummingbird's core storage plus the authenticated principal, if any.
public struct APIRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Principal?
    /// The CSRF token of the browser session the request came with; `nil` for API requests (bearer tokens).
    public var csrfToken: String?
    /// The browser session's secret, kept for logout.
    var sessionSecret: String?
    /// The peer's IP address, for the login throttle (`nil` in-process in tests).
    let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.csrfToken = nil
        self.sessionSecret = nil
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are small JSON documents; anything larger is refused before it is read.
    public var maxUploadSize: Int { 256 * 1024 }

    public var responseEncoder: JSONEncoder { APIJSON.encoder }
    public var requestDecoder: JSONDecoder { APIJSON.decoder }
}
