import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only src/main and src/preload may import electron (the lab runs in plain Node).',
};
const rawIpcImport = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed wrappers in src/main/ipc.ts or src/preload/index.ts.',
};
const rawWebContentsSend = {
  selector:
    "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']",
  message: 'Push streams through the typed wrapper in src/main/ipc.ts.',
};
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'net'];
// The lab's one platform layer is src/core/os: only there may code ask which OS this is or
// start a child process or a Worker (os/spawn.ts's startEntry starts every entry point).
const osLayerOnly =
  'Go through src/core/os (capabilities(), osName(), startEntry, tiedSpawn, …): it is the one place that talks to the OS.';
const childProcessOnlyInOs = ['node:child_process', 'child_process'].map((name) => ({
  name,
  message: osLayerOnly,
  allowTypeImports: true,
}));
const workerOnlyInOs = ['node:worker_threads', 'worker_threads'].map((name) => ({
  name,
  importNames: ['Worker'],
  message: osLayerOnly,
  allowTypeImports: true,
}));
const platformOnlyInOs = { object: 'process', property: 'platform', message: osLayerOnly };
const rendererNoNode = { group: nodeBuiltins, message: 'The renderer talks only to a LabClient.' };

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', rawWebContentsSend],
    },
  },
  {
    files: ['src/core/**', 'src/server/**', 'src/cli/**', 'test/unit/**', 'test/bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }] },
  },
  {
    // The typescript-eslint rule replaces the base one here: it lets a file import a type
    // (ChildProcess, Worker) from a module whose values it may not use.
    files: ['src/core/**'],
    ignores: ['src/core/os/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell, ...childProcessOnlyInOs, ...workerOnlyInOs] },
      ],
      'no-restricted-properties': ['error', platformOnlyInOs],
    },
  },
  {
    // These run the user's Python interpreter, an outside program rather than one of the lab's
    // entry points (which is all startEntry starts): the probe through execFile with a timeout,
    // the Python models as a child of the experiment host, in its process group, so the host's
    // group kill ends them. They may use node:child_process; the rest of the rule still holds.
    files: [
      'src/core/experiments/lab/python-finder.ts',
      'src/core/experiments/host/python-model.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell, ...workerOnlyInOs] },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [{ group: nodeBuiltins, message: 'src/shared imports nothing from Node.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [rendererNoNode] },
      ],
    },
  },
  {
    // Shared renderer code serves every feature, so it may not depend on one. A later block
    // replaces the rule's options, so the renderer-wide limits are repeated here.
    files: [
      'src/renderer/src/components/**',
      'src/renderer/src/hooks/**',
      'src/renderer/src/lib/**',
      'src/renderer/src/transport/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            rendererNoNode,
            {
              group: ['**/features/**'],
              message:
                'Shared renderer code must not import a feature: take the value as a prop, or move it to hooks/ or lib/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**', 'src/preload/**'],
    ignores: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpcImport] }] },
  },
  {
    // Playwright reads fixture dependencies from a destructuring pattern, even an empty one.
    files: ['test/e2e/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ['src/main/ipc.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
