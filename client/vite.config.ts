/**
 * Builds the storefront into client/dist, which the Worker serves through
 * Workers Static Assets. The build prints the gzipped size of its JavaScript
 * and fails when it grows past the budget.
 */
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const JS_BUDGET_BYTES = 200 * 1024;

/** Sums the gzipped size of every emitted JS chunk and fails the build above `budgetBytes`. */
function gzipBudget(budgetBytes: number): Plugin {
  return {
    name: 'stockroom-gzip-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        const size = gzipSync(output.code, { level: 9 }).length;
        total += size;
        this.info(`${output.fileName}: ${(size / 1024).toFixed(1)} KB gzipped`);
      }
      const summary = `storefront JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${budgetBytes / 1024} KB)`;
      if (total > budgetBytes) this.error(summary);
      console.log(summary);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), gzipBudget(JS_BUDGET_BYTES)],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    // `vite --config client/vite.config.ts` for UI work against a running `npm start`.
    proxy: {
      '/trpc': 'http://127.0.0.1:8787',
      '/health': 'http://127.0.0.1:8787',
      '/images': 'http://127.0.0.1:8787',
    },
  },
});
