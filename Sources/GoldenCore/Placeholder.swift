// GoldenCore: domain types and standardizers land with the standardization issue.
