import { createDefaultEsmPreset } from 'ts-jest';

/** @type {import('jest').Config} */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  // Jest 30's default 'soft' clean-up wraps every global a test file set in accessors after the file ends; on Node
  // 20 a late write through those wrappers recursed until the stack overflowed ("Test suite failed to run:
  // RangeError" in jest-util's deleteProperty, a different file each run, every test passed). Each file runs in
  // its own context anyway, so the clean-up buys nothing here.
  testEnvironmentOptions: { globalsCleanup: 'off' },
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
