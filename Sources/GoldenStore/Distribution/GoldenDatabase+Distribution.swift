import PostgresNIO

extension GoldenDatabase {
    /// The ways the current schema breaks `plan` on Citus; empty when it would distribute. Runs on plain PostgreSQL.
    public func distributionViolations(plan: DistributionPlan = .golden) async throws -> [DistributionViolation] {
        let catalog = try await client.withConnection { connection in
            try await DistributionCatalog.read(on: connection, logger: logger)
        }
        return DistributionRules.violations(of: catalog, against: plan)
    }

    /// Grants `role` the privileges the application runs with (history append-only); see ``ApplicationRolePrivileges``.
    @discardableResult
    public func grantApplicationRole(_ role: String, plan: DistributionPlan = .golden) async throws -> [String] {
        try await client.withConnection { connection in
            try await ApplicationRolePrivileges(role: role, plan: plan).grant(on: connection, logger: logger)
        }
    }

    /// Migrates a Citus coordinator and distributes the store by `plan`; see ``CitusDistributor``.
    public func migrateAndDistribute(
        applicationRole: String?, plan: DistributionPlan = .golden
    ) async throws
        -> CitusDistributionReport
    {
        try await CitusDistributor(database: self, plan: plan).run(applicationRole: applicationRole)
    }
}
