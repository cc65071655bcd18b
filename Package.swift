// swift-tools-version: 6.1
import PackageDescription

/// Every target compiles in Swift 6 mode with the two upcoming features the house rules ask for.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "golden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "golden", targets: ["golden"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Explicit traits: the two default traits reach the compiler in random order and cause spurious rebuilds.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["ConfigurationSupport"]),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Imported directly (ByteBuffer, HTTP method and status types), so declared rather than borrowed from above.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Bearer-token authentication middleware and bcrypt password hashes for the REST API (issue 13).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Server-rendered pages of the steward and finance UI (issue 14): logic-less templates, HTML-escaped by default.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // `golden serve` exposes Prometheus metrics at /metrics (issue 19).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ],
    targets: [
        // Pure domain: types, standardizers, validators. No I/O.
        .target(name: "GoldenCore", swiftSettings: strictSettings),
        .target(name: "Matching", dependencies: ["GoldenCore"], swiftSettings: strictSettings),
        .target(name: "Survivorship", dependencies: ["GoldenCore"], swiftSettings: strictSettings),
        .target(
            name: "GoldenStore",
            dependencies: [
                "GoldenCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Connectors",
            dependencies: [
                "GoldenCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SyncEngine",
            dependencies: [
                "GoldenCore", "Matching", "Survivorship", "GoldenStore", "Connectors",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StewardServer",
            dependencies: [
                "GoldenCore", "GoldenStore", "Matching", "Survivorship", "Connectors", "SyncEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The templates, stylesheet and script are compiled into the binary: `golden serve` needs no files
            // beside it and loads nothing from elsewhere.
            resources: [.embedInCode("Web/Assets")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "golden",
            dependencies: [
                "GoldenCore", "Matching", "Survivorship", "GoldenStore", "Connectors", "SyncEngine", "StewardServer",
                "Sandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The API benchmark's load generator (golden bench api) speaks HTTP from its own process.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // Shared test fixtures: the per-test database schema trait and record builders.
        .target(
            name: "GoldenTestSupport",
            dependencies: [
                "GoldenStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/GoldenTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GoldenCoreTests",
            dependencies: ["GoldenCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "GoldenCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "SurvivorshipTests", dependencies: ["Survivorship", "GoldenCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "GoldenStoreTests",
            dependencies: [
                "GoldenStore", "GoldenTestSupport", "Matching", "GoldenCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "GoldenCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SyncEngineTests",
            dependencies: [
                "SyncEngine", "GoldenTestSupport", "Sandbox", "Connectors", "GoldenCore", "GoldenStore", "Matching",
                "Survivorship",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StewardServerTests",
            dependencies: [
                "StewardServer", "GoldenTestSupport", "GoldenStore", "GoldenCore", "SyncEngine", "Connectors", "Matching",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox", "Connectors",
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The golden executable's own code: the match benchmark pipeline (golden bench match) end to end on
        // generated data, the record adapter, the pinned standardization digest and the benchmarks' helpers.
        .testTarget(
            name: "MatchBenchTests",
            dependencies: [
                "golden", "GoldenCore", "Matching", "GoldenTestSupport", "Connectors", "Sandbox", "SyncEngine",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
    ]
)
