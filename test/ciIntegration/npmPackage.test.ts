import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ltsNode, packTarball, ROOT, tempDir } from './packedPackage';

// Issue 13: the npm package is a CLI by itself. `npm pack`, the tarball installed into an empty
// prefix without dev dependencies, then `multus-nad check` and `preview` run from that prefix on
// Node 20 (this process's) and the LTS lines 22, 24 and 26.
describe('the npm package as a CLI on its own', () => {
  let work: string;
  let prefix: string;

  before(() => {
    work = tempDir('npm-package');
    prefix = join(work, 'prefix');
    const tarball = packTarball(work);
    // --prefer-offline: the dependencies come from npm's cache when it has them (the registry otherwise).
    const install = spawnSync(
      'npm',
      ['install', '--global', '--prefix', prefix, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball],
      { encoding: 'utf8', cwd: work },
    );
    assert.equal(install.status, 0, install.stderr);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('installs without dev dependencies, with the bin in the prefix', () => {
    assert.ok(existsSync(join(prefix, 'bin', 'multus-nad')));
    const installed = join(prefix, 'lib', 'node_modules');
    const modules = readdirSync(installed).concat(
      existsSync(join(installed, 'multus-nad', 'node_modules'))
        ? readdirSync(join(installed, 'multus-nad', 'node_modules'))
        : [],
    );
    for (const dev of ['esbuild', 'typescript', 'eslint', '@vscode', 'fast-check', 'prettier'])
      assert.ok(!modules.includes(dev), `${dev} was installed`);
    assert.ok(!existsSync(join(installed, 'multus-nad', 'engine')), 'no TypeScript sources in the package');
  });

  for (const [label, node] of [
    ['Node 20', () => process.execPath],
    ['Node 22', () => ltsNode(22)],
    ['Node 24', () => ltsNode(24)],
    ['Node 26', () => ltsNode(26)],
  ] as const) {
    it(`${label}: check and preview run from the installed bin`, () => {
      const runtime = node();
      const env = { ...process.env, PATH: [dirname(runtime), join(prefix, 'bin'), process.env.PATH].join(delimiter) };
      const run = (...args: string[]) => spawnSync('multus-nad', args, { encoding: 'utf8', cwd: work, env });
      const version = spawnSync('node', ['--version'], { encoding: 'utf8', env }).stdout;
      assert.equal(version.split('.')[0], `v${label.slice('Node '.length)}`);
      const seedLab = join(ROOT, 'examples', 'seed-lab');
      const check = run('check', seedLab);
      assert.equal(check.status, 0, check.stderr);
      assert.match(check.stdout, /0 errors, 2 warnings, 0 information in 3 files\n$/);
      const preview = run('preview', seedLab);
      assert.equal(preview.status, 0, preview.stderr);
      assert.match(preview.stdout, /inet 192\.168\.1\.200\/24 brd 192\.168\.1\.255 scope global net1/);
      const stdin = spawnSync('multus-nad', ['check', '--fail-on', 'warning', '-'], {
        encoding: 'utf8',
        cwd: work,
        env,
        input: `---\n# Source: lab/templates/nad.yaml\n${readFileSync(join(seedLab, 'macvlan-conf.yaml'), 'utf8')}`,
      });
      assert.equal(stdin.status, 1);
      assert.match(stdin.stdout, /^lab\/templates\/nad\.yaml:\d+:\d+: warning ipam-default-route/m);
    });
  }
});
