import Foundation

/// A person's communication preferences as one source recorded them.
///
/// Consent is merged most-restrictive-wins across a cluster, so each channel keeps its own timestamp: an opt-out
/// recorded anywhere must beat an older opt-in elsewhere.
public struct Consent: Sendable, Codable, Hashable {
    /// One channel's state.
    public struct Channel: Sendable, Codable, Hashable {
        /// `true` when the person asked not to be contacted on this channel.
        public var optedOut: Bool
        /// When the source recorded the choice, if it says.
        public var at: Date?

        public init(optedOut: Bool, at: Date? = nil) {
            self.optedOut = optedOut
            self.at = at
        }
    }

    public var email: Channel?
    public var phone: Channel?

    public init(email: Channel? = nil, phone: Channel? = nil) {
        self.email = email
        self.phone = phone
    }
}
