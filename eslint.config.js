// Lint configuration. Besides the usual TypeScript rules it states the layer zones of
// ../shared/DESIGN.md ("who may import whom"), so a forbidden import fails `npm run lint`
// even where the per-folder tsconfig would not notice (e.g. a type-only import).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** A restricted-imports rule for one layer. */
function zone(message, { paths = [], patterns = [] }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message })),
        patterns: patterns.map((group) => ({ group: [group], message })),
      },
    ],
  };
}

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'location'];

export const layerZones = [
  {
    files: ['shared/**/*.ts'],
    rules: {
      ...zone('shared/ runs everywhere: it must not import node, electron, react, DOM or another layer.', {
        paths: [...nodeBuiltins, 'electron', 'react', 'react-dom', 'zustand', 'sip.js', 'better-sqlite3', 'pg', 'fastify'],
        patterns: ['node:*', 'react/*', 'electron/*', '**/electron/**', '**/server/**', '**/renderer/**', '**/test/**'],
      }),
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: 'shared/ must not use the DOM.' }))],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'], // build configuration, runs in Node
    rules: zone('renderer/ is sandboxed web content: no electron, node or server imports (use window.callgate).', {
      paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'pg', 'fastify', 'electron-store'],
      patterns: ['node:*', 'electron/*', '**/electron/**', '**/server/**', '**/test/**'],
    }),
  },
  {
    files: ['server/**/*.ts'],
    rules: zone('server/ must not import renderer/, electron/ or the electron package.', {
      paths: ['electron', 'react', 'react-dom', 'electron-store'],
      patterns: ['electron/*', '**/electron/**', '**/renderer/**', '**/test/**'],
    }),
  },
  {
    files: ['electron/**/*.ts'],
    rules: zone('electron/ must not import renderer/ or server/.', {
      paths: ['react', 'react-dom'],
      patterns: ['**/renderer/**', '**/server/**', '**/test/**'],
    }),
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', '.tsbuild/**', '.tmp/**', 'data/**', 'test/fixtures/**', 'test/bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } },
  },
  ...layerZones,
);
