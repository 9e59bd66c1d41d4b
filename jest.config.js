// One jest run for every workspace. @swc/jest compiles TypeScript (with NestJS decorator metadata);
// `tsc -b` does the type checking in `npm run check`.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

// The client: TSX with the automatic React runtime.
const swcTsx = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@selaras/shared$': '<rootDir>/shared/src/index.ts' },
  rootDir: __dirname,
};

module.exports = {
  projects: [
    { ...common, displayName: 'shared', testMatch: ['<rootDir>/shared/src/**/*.spec.ts'] },
    { ...common, displayName: 'server', testMatch: ['<rootDir>/server/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'client',
      testEnvironment: 'jsdom',
      transform: { '^.+\\.tsx?$': swcTsx },
      moduleNameMapper: {
        ...common.moduleNameMapper,
        '\\.css$': '<rootDir>/client/test-support/style-stub.js',
      },
      setupFiles: [
        '<rootDir>/client/test-support/setup.js',
        '<rootDir>/client/test-support/full-nomenclature.js',
      ],
      testMatch: ['<rootDir>/client/src/**/*.spec.ts', '<rootDir>/client/src/**/*.spec.tsx'],
    },
    {
      ...common,
      displayName: 'e2e',
      // Each suite starts real server processes: seconds on a 2-core machine shared with other work.
      testTimeout: 30_000,
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['/test/browser/'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
    },
  ],
};
