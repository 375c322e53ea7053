import { createDefaultEsmPreset } from 'ts-jest';

/** @type {import('jest').Config} */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/env.cjs'],
  // Every simulator response of the run is checked against AWS's models (src/sim/core/output-check.ts).
  setupFilesAfterEnv: ['<rootDir>/test/helpers/model-check-hooks.ts'],
  globalSetup: '<rootDir>/test/helpers/model-check-setup.js',
  globalTeardown: '<rootDir>/test/helpers/model-check-teardown.js',
  // The simulator tests start real HTTP servers; two workers keep a 2-core machine responsive.
  maxWorkers: 2,
  testTimeout: 30000,
};
