import { defineConfig } from 'vitest/config';

// Three projects, runnable alone: `vitest run --project unit|docker|e2e`.
// - unit: pure logic and the store on a real SQLite file; no Docker.
// - docker: integration tests against the real dockerd (*.docker.test.ts), one file at a time
//   because some of them stop and restart the daemon.
// - e2e: Playwright (playwright-core + Debian's chromium) against the browser shell and a real engine.
// The groups run one after another (sequence.groupOrder): a docker test stops and restarts dockerd,
// which must not happen under an end-to-end test.
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['src/**/*.docker.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'docker',
          sequence: { groupOrder: 1 },
          include: ['src/**/*.docker.test.ts'],
          globalSetup: ['src/main/engine/testing/globalSetup.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['src/main/engine/testing/globalSetup.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
