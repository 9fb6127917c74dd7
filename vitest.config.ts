import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Integration tests spawn real PTYs and processes; 2 cores make wide parallelism slower, not faster.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
