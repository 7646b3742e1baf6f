// npm's `install` script of this package. In a source checkout without bundles (a fresh clone that
// pre-commit installs the hook from, see .pre-commit-hooks.yaml) it builds them, since the bin runs
// dist/cli.js. In the installed npm package, which ships dist/ and not scripts/build.mjs, it does nothing.
// (Not `prepack`: npm prints a script's banner on the stdout of `npm pack`, where pre-commit reads the tarball name.)
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const checkout = existsSync(join(root, 'scripts', 'build.mjs')) && existsSync(join(root, 'node_modules', 'esbuild'));
if (checkout && !existsSync(join(root, 'dist', 'cli.js'))) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--release'], { cwd: root, stdio: 'inherit' });
}
