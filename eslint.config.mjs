import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ (see CONTRIBUTING.md): a folder may import only from the layers below it.
 * Each entry forbids what its folder must not reach; a leak fails `npm run lint`, and so CI.
 */
const NODE_BUILTINS = { group: ['node:*'], message: 'Code that runs in a webview has no Node.js.' };
const VSCODE = { group: ['vscode'], message: 'Only src/extension runs inside VS Code.' };
const SERVER_LIBS = {
  group: ['vscode-languageserver', 'vscode-languageserver/*'],
  message: 'Only src/server uses the language server library.',
};
const CLIENT_LIBS = {
  group: ['vscode-languageclient', 'vscode-languageclient/*'],
  message: 'Only src/extension uses the language client library.',
};
const layer = (name, why) => ({ group: [`**/${name}`, `**/${name}/**`], message: why });
const EXTENSION = layer('extension', 'src/extension is the top layer: nothing imports it.');
const SERVER = layer('server', 'src/server is a process of its own: share code through src/core.');
const CLI = layer('cli', 'src/cli is an entry point: share code through src/core.');
const WEBVIEW = layer('webview', 'src/webview is bundled for the browser: share code through src/shared.');
/** The diagnostics engine is used through its public API only (index.ts and types.ts). */
const ENGINE_INTERNALS = {
  group: ['**/core/diagnostics/*', '!**/core/diagnostics/index', '!**/core/diagnostics/types'],
  message: 'Use the diagnostics engine through src/core/diagnostics (index.ts) or its types.ts.',
};
/** What the parsing layer sits below: it knows Python text, not what is done with it. */
const ABOVE_PYTHON = ['diagnostics', 'config', 'profile', 'snippets', 'files'].map((name) =>
  layer(name, 'src/core/python and src/core/text sit below the rest of src/core: pass what they need in.'),
);

const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.cache/**', 'node_modules/**', 'examples/**', '**/*.vsix'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layers, lowest first. A later block replaces the rule for the files it names.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            NODE_BUILTINS,
            VSCODE,
            EXTENSION,
            SERVER,
            CLI,
            WEBVIEW,
            // The viewer protocol names the profile model's types; no code of src/core comes along.
            { ...layer('core', 'src/shared is imported by webviews: only types may come from src/core.'), allowTypeImports: true },
          ],
        },
      ],
    },
  },
  { files: ['src/core/**/*.ts'], rules: restrict(VSCODE, SERVER_LIBS, CLIENT_LIBS, EXTENSION, SERVER, CLI, WEBVIEW) },
  {
    files: ['src/core/python/**/*.ts', 'src/core/text.ts'],
    rules: restrict(VSCODE, SERVER_LIBS, CLIENT_LIBS, EXTENSION, SERVER, CLI, WEBVIEW, ...ABOVE_PYTHON),
  },
  { files: ['src/server/**/*.ts'], rules: restrict(VSCODE, CLIENT_LIBS, EXTENSION, CLI, WEBVIEW, ENGINE_INTERNALS) },
  { files: ['src/cli/**/*.ts'], rules: restrict(VSCODE, SERVER_LIBS, CLIENT_LIBS, EXTENSION, SERVER, WEBVIEW, ENGINE_INTERNALS) },
  { files: ['src/extension/**/*.ts'], rules: restrict(SERVER_LIBS, SERVER, CLI, WEBVIEW, ENGINE_INTERNALS) },
  { files: ['src/webview/**/*.ts'], rules: restrict(NODE_BUILTINS, VSCODE, SERVER_LIBS, CLIENT_LIBS, EXTENSION, SERVER, CLI) },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
