import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin, Rollup } from 'vite';
import { ENTRY_POINTS, LANE_SAMPLER } from './src/core/entry-points';
import { compileLaneSampler } from './src/native/compile';
import { contentSecurityPolicy } from './src/shared/csp';

/**
 * React itself, which every chunk uses, and the React helpers the first paint needs too
 * (react-i18next's use-sync-external-store, which recharts also uses: left ungrouped, it went
 * into the recharts chunk and pulled recharts into the first paint).
 */
const REACT_MODULES =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|use-sync-external-store)[\\/]/;
/** recharts; the packages only it uses come along with it. */
const RECHARTS_MODULES = /[\\/]node_modules[\\/]recharts[\\/]/;

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

/**
 * Prints each renderer chunk's raw and gzipped size after a build, and the first-paint total: the
 * entry chunk, the chunks it imports statically (preloaded by index.html) and their CSS. The tabs
 * are lazy chunks and do not count.
 */
function bundleSizeReport(): Plugin {
  return {
    name: 'concurrency-lab-bundle-size',
    apply: 'build',
    writeBundle(_options, bundle) {
      const gzip = (file: Rollup.OutputChunk | Rollup.OutputAsset): number =>
        gzipSync(file.type === 'chunk' ? file.code : file.source).length;
      const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
      const firstPaint = new Set<string>();
      const visit = (name: string): void => {
        const file = bundle[name];
        if (file === undefined || firstPaint.has(name)) return;
        firstPaint.add(name);
        if (file.type !== 'chunk') return;
        file.imports.forEach(visit);
        file.viteMetadata?.importedCss.forEach(visit);
      };
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && file.isEntry) visit(file.fileName);
      }
      let total = 0;
      const lines = Object.values(bundle)
        .filter((file) => /\.(js|css)$/.test(file.fileName))
        .sort((a, b) => a.fileName.localeCompare(b.fileName))
        .map((file) => {
          const raw = file.type === 'chunk' ? Buffer.byteLength(file.code) : file.source.length;
          const zipped = gzip(file);
          if (firstPaint.has(file.fileName)) total += zipped;
          const mark = firstPaint.has(file.fileName) ? ' (first paint)' : '';
          return `  ${file.fileName.padEnd(44)} ${kb(raw).padStart(10)} raw ${kb(zipped).padStart(10)} gzip${mark}`;
        });
      console.log(`renderer bundle:\n${lines.join('\n')}\n  first paint: ${kb(total)} gzip`);
    },
  };
}

/**
 * Compiles the native run-lane sampler into out/native/ with the main bundle. Without a C
 * compiler the build still succeeds: it says so, and the lab reads the lanes in TypeScript.
 */
function nativeLaneSampler(): Plugin {
  return {
    name: 'concurrency-lab-native-lane-sampler',
    apply: 'build',
    closeBundle() {
      const problem = compileLaneSampler(__dirname, resolve(__dirname, LANE_SAMPLER.built));
      console.log(
        problem === null
          ? `native lane sampler: ${LANE_SAMPLER.built}`
          : `native lane sampler not built (${problem}); the lanes will be read in TypeScript`,
      );
    },
  };
}

export default defineConfig({
  main: {
    plugins: [nativeLaneSampler()],
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
      // electron-vite leaves the renderer unminified by default; the page is served as is.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        // Each tab is a lazy chunk (React.lazy in App.tsx). recharts, which only the result and
        // compare charts use, gets a chunk of its own, loaded with the first tab that needs it.
        output: {
          codeSplitting: {
            groups: [
              // React first (the entry needs it), so the recharts group cannot take it along.
              { name: 'react', test: REACT_MODULES, priority: 2 },
              { name: 'recharts', test: RECHARTS_MODULES, priority: 1 },
            ],
          },
        },
      },
    },
    plugins: [react(), cspMetaTag(), bundleSizeReport()],
  },
});
