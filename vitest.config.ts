import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vite prefers graphql's "module" build (index.mjs) while Node, and so Apollo, loads index.js:
    // two copies whose GraphQLErrors fail each other's instanceof. Point ours at Node's copy.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real servers on loopback: keep the parallelism the 2-core machines can hold.
    maxWorkers: 2,
  },
});
