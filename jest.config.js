// Projects so `jest --selectProjects unit` stays fast while `npm test` runs all.
const tsJest = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const common = { testEnvironment: 'node', transform: tsJest, moduleFileExtensions: ['ts', 'js', 'json'] };
// testTimeout is a global option (ignored inside projects); e2e files raise it with jest.setTimeout.
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // Recorded live-Azure exchanges replayed against the sandbox (test/fidelity/README.md).
    { ...common, displayName: 'fidelity', testMatch: ['<rootDir>/test/fidelity/**/*.test.ts'] },
    // Real bot processes killed and restarted, connector faults, damaged files (bounded: ~2 min).
    { ...common, displayName: 'resilience', testMatch: ['<rootDir>/test/resilience/**/*.test.ts'] },
  ],
};
