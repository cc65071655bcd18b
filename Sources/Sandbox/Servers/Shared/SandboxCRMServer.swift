import ServiceLifecycle

/// A sandbox CRM as tests and `golden sandbox serve` see it: a service that listens on a port and holds one
/// source's records. Each vendor (Salesforce, HubSpot, later Bitrix24 and ELMA365) is one conforming type.
public protocol SandboxCRMServer: Service {
    /// The source name (`sf_a`), as in `golden.yaml`.
    var name: String { get }
    /// The `golden.yaml` source kind (`salesforce`).
    var kind: String { get }
    var token: String { get }
    var store: SandboxRecordStore { get }
    /// The bound port, once listening.
    func port() async throws -> Int
}
