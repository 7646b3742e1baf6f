import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const VSCODE = { name: 'vscode', message: 'Only client/src and the VS Code e2e tests may import vscode.' };
const NODE_IO = ['fs', 'child_process', 'net', 'http', 'https', 'os', 'readline', 'worker_threads'].flatMap((m) => [
  { name: m, message: 'The engine does no I/O: the caller reads and passes text in.' },
  { name: `node:${m}`, message: 'The engine does no I/O: the caller reads and passes text in.' },
]);
const PART = (part, why) => ({ regex: `(^|/)${part}(/|$)`, message: why });
const ENGINE_INTERNALS = {
  regex: '(^|/)engine/(?!language$)[^/]+/',
  message: 'Outside engine/, import the engine through engine/index.ts or engine/language/index.ts.',
};
const KUBE_INTERNALS = { regex: '(^|/)kube/.', message: 'Import the Kubernetes library through kube/index.ts.' };

/** One no-restricted-imports block per part: what that part may not reach. */
function boundaries() {
  const rule = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
  return [
    {
      files: ['engine/**/*.ts'],
      rules: rule(
        [VSCODE, ...NODE_IO, { name: '@kubernetes/client-node', message: 'The engine never talks to a cluster.' }],
        [
          PART('(server|client|cli|kube)', 'The engine is the bottom part: it imports nothing of ours.'),
          { regex: '^vscode-languageserver', message: 'LSP types belong to server/.' },
        ],
      ),
    },
    {
      files: ['server/**/*.ts'],
      rules: rule(
        [VSCODE, { name: '@kubernetes/client-node', message: 'The server never touches the cluster.' }],
        [
          PART('(client|cli)', 'The server does not import the client or the CLI.'),
          PART('kube', 'The server never touches the cluster (kube/ is for the client and the CLI).'),
          ENGINE_INTERNALS,
        ],
      ),
    },
    {
      files: ['kube/**/*.ts'],
      rules: rule(
        [VSCODE],
        [PART('(server|client|cli)', 'kube/ is a library below the client and the CLI.'), ENGINE_INTERNALS],
      ),
    },
    {
      files: ['cli/**/*.ts'],
      rules: rule(
        [VSCODE],
        [
          PART('(server|client)', 'The CLI uses the engine and kube/, not the editor parts.'),
          ENGINE_INTERNALS,
          KUBE_INTERNALS,
        ],
      ),
    },
    {
      files: ['client/**/*.ts'],
      rules: rule(
        [],
        [
          PART('cli', 'The extension does not import the CLI.'),
          {
            regex: '(^|/)server/src/(?!protocol$)',
            message: 'The client talks to the server only through server/src/protocol.ts.',
          },
          ENGINE_INTERNALS,
          KUBE_INTERNALS,
        ],
      ),
    },
    { files: ['test/**/*.ts'], ignores: ['test/e2e/**'], rules: rule([VSCODE], []) },
    {
      files: ['bench/**/*.ts', 'scripts/**/*.ts'],
      rules: rule([VSCODE], [ENGINE_INTERNALS]),
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      'test/fixtures/**',
      '.e2e/**',
      'bench/work/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  // The parts and their allowed imports (ARCHITECTURE.md, "Imports"): each part reaches another only
  // through that part's public surface, and only downwards: client -> server protocol, kube, engine;
  // cli -> kube, engine; server -> engine; kube -> engine; engine -> nothing of ours.
  ...boundaries(),
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
