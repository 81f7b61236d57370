import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { ENTRY_POINTS } from './src/core/entry-points';
import { contentSecurityPolicy } from './src/shared/csp';

/** Adds the app's Content-Security-Policy to the built index.html (dev keeps Vite's inline HMR). */
function cspMetaTag(): Plugin {
  return {
    name: 'concurrency-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy('meta') },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The CLI is the package's `bin`: it must start with a shebang to run as a command.
        output: {
          banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
        },
        // Every file started as its own process or thread is an input too, from the one list.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          ...Object.fromEntries(
            Object.entries(ENTRY_POINTS).map(([name, source]) => [
              name,
              resolve(__dirname, source),
            ]),
          ),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload must be a single CommonJS file.
        output: { format: 'cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), cspMetaTag()],
  },
});
