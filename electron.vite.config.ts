import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src-main/core/security/content-security-policy';

/** The policy is written once in the core and stamped into the page, so file:// loads are covered too. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'orrery-csp-meta',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

/** Marks a finished build, so `npm start` can tell whether the sources changed since (renderer builds last). */
function buildStamp(): Plugin {
  return {
    name: 'orrery-build-stamp',
    apply: 'build',
    closeBundle() {
      mkdirSync(resolve(__dirname, 'out'), { recursive: true });
      writeFileSync(resolve(__dirname, 'out/.build-stamp'), new Date().toISOString());
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // The Electron entry and the headless entry share every core module.
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          headless: resolve(__dirname, 'src-main/headless/main.ts'),
          // The `orrery` CLI (emit, hooks, demo): runs under plain Node 20+, never loads native modules.
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads can only require 'electron': bundle everything else into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), contentSecurityPolicyMeta(), buildStamp()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
