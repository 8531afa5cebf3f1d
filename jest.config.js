/** Test tiers by suffix: *.unit.spec.ts (no I/O), *.int.spec.ts (real SQLite/Redis/gRPC), *.e2e.spec.ts (HTTP). */
const shared = {
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: {
    '^@asn/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@asn/event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^@asn/projections$': '<rootDir>/libs/projections/src/index.ts',
    '^@asn/testing$': '<rootDir>/libs/testing/src/index.ts',
    '^@asn/audit$': '<rootDir>/libs/audit/src/index.ts',
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
  ],
};
