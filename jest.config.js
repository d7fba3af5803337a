// One Jest config for the whole monorepo. Workspace packages are mapped to their TypeScript sources so tests never
// need a build. pdfjs-dist is ESM-only, so the test script runs Node with --experimental-vm-modules.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }];
const services = 'report-fetcher|pdf-extractor|jurisdiction-classifier|grant-exposure-calculator|notifier';
const moduleNameMapper = {
  [`^@detainer-watch/(${services})$`]: '<rootDir>/services/$1/src/index.ts',
  '^@detainer-watch/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper,
};

module.exports = {
  // Applies to every project (a per-project testTimeout is ignored); unit tests are far faster than this.
  testTimeout: 60000,
  projects: [
    // Unit tests: next to the code, no servers.
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,services,cli}/*/src/**/*.spec.ts',
        '<rootDir>/cli/src/**/*.spec.ts',
        '<rootDir>/test/deploy/**/*.spec.ts',
      ],
    },
    // Integration tests: real Postgres and NATS (testcontainers when Docker is present, else DATABASE_URL / NATS_URL).
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.int-spec.ts', '<rootDir>/cli/test/**/*.int-spec.ts'],
    },
    // Cross-service end-to-end and fault tests.
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], slowTestThreshold: 60 },
  ],
};
