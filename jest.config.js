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
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.spec.ts'] },
  ],
};
