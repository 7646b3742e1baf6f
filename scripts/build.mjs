// One build for every bundle: the extension client, the language server and the CLI,
// plus the test files (bundled per file so they run on plain `node --test`).
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const release = process.argv.includes('--release');

/** Every `*.test.ts` below `dir`, walked recursively. */
function testFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'fixtures' ? [] : testFiles(path);
    return path.endsWith('.test.ts') ? [path] : [];
  });
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.json': 'json' },
  // jsonc-parser's UMD entry requires files at run time; its ESM entry bundles.
  mainFields: ['module', 'main'],
};

// Outputs are overwritten in place, not deleted first, so parallel builds and test runs in one
// checkout do not pull files from under each other; CI starts from a clean clone anyway.
await esbuild.build({
  ...common,
  entryPoints: {
    client: 'client/src/extension.ts',
    server: 'server/src/node/serverMain.ts',
    cli: 'cli/main.ts',
  },
  outdir: 'dist',
  external: ['vscode'],
  // node-fetch's whatwg-url/tr46 (under @kubernetes/client-node 1.x) require Node's built-in
  // punycode, which Node 22+ warns about on stderr at every CLI run: bundle the npm package instead.
  alias: { punycode: 'punycode/' },
  minify: release,
  metafile: true,
});

if (!release) {
  await esbuild.build({
    ...common,
    entryPoints: testFiles('test'),
    outbase: 'test',
    outdir: 'out/test',
    packages: 'external',
  });
}
