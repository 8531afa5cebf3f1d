/** Test tiers by suffix: *.unit.spec.ts (no I/O), *.int.spec.ts (real SQLite/Redis/gRPC), *.e2e.spec.ts (HTTP). */
const shared = {
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: {
    '^@asn/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@asn/event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^@asn/projections$': '<rootDir>/libs/projections/src/index.ts',
    '^@asn/testing$': '<rootDir>/libs/testing/src/index.ts',
    '^@asn/audit$': '<rootDir>/libs/audit/src/index.ts',
    '^@asn/snapshots$': '<rootDir>/libs/snapshots/src/index.ts',
  },
  testEnvironment: 'node',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    { ...shared, displayName: 'int', testMatch: ['**/*.int.spec.ts'], testTimeout: 60000 },
    { ...shared, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'], testTimeout: 60000 },
    {
      // The same e2e suites once more with the api on EventStoreDB (the gRPC protocol test server).
      ...shared,
      displayName: 'e2e-esdb',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'],
      // SQLite-specific: two processes on one file, a store file that disappears.
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, 'platform\\.e2e'],
      setupFilesAfterEnv: ['<rootDir>/test/support/esdb-e2e-setup.ts'],
      testTimeout: 60000,
    },
  ],
};
