import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, tempDir } from './packedPackage';

// Issue 13: .pre-commit-hooks.yaml, run for real by Debian's pre-commit in a temporary git
// repository whose .pre-commit-config.yaml names this repository. pre-commit installs the hook as
// it would from GitHub: a clone at `rev`, `npm install`, `npm pack`, `npm install -g` of the tarball.

const BAD_NAD = [
  'apiVersion: k8s.cni.cncf.io/v1',
  'kind: NetworkAttachmentDefinition',
  'metadata:',
  '  name: bad',
  'spec:',
  '  config: |',
  '    { "cniVersion": "0.3.1", "type": "macvlan", "master": "eth0", "mode": "brige" }',
  '',
].join('\n');

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

describe('the pre-commit hook, with Debian pre-commit', () => {
  let work: string;
  let consumer: string;
  const env = () => ({
    ...process.env,
    PRE_COMMIT_HOME: join(work, 'pre-commit-home'),
    // The hook's npm installs take packages from npm's cache when it has them.
    npm_config_prefer_offline: 'true',
  });
  const preCommit = (...args: string[]) =>
    spawnSync('pre-commit', args, { cwd: consumer, encoding: 'utf8', env: env() });

  before(() => {
    const found = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.equal(found.status, 0, 'pre-commit is missing: apt-get install pre-commit (the Debian package)');
    work = tempDir('pre-commit');
    // The hook repository: this checkout's files as they are now (tracked and new, not ignored), committed.
    const hooks = join(work, 'hooks');
    const files = git(ROOT, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0');
    for (const file of files.filter(Boolean)) {
      mkdirSync(dirname(join(hooks, file)), { recursive: true });
      try {
        copyFileSync(join(ROOT, file), join(hooks, file));
      } catch {
        // A file deleted in the working tree but still in the index.
      }
    }
    git(hooks, 'init', '-q');
    git(hooks, 'add', '-A');
    git(hooks, 'commit', '-qm', 'snapshot');
    const rev = git(hooks, 'rev-parse', 'HEAD');
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    git(consumer, 'init', '-q');
    writeFileSync(
      join(consumer, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: multus-nad-check\n`,
    );
    copyFileSync(join(ROOT, 'examples/seed-lab/macvlan-conf.yaml'), join(consumer, 'good.yaml'));
    writeFileSync(join(consumer, 'bad.yaml'), BAD_NAD);
    writeFileSync(join(consumer, 'notes.txt'), 'not YAML\n');
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('passes when the staged YAML has no error, and checks only staged YAML files', () => {
    git(consumer, 'add', 'good.yaml', 'notes.txt', '.pre-commit-config.yaml');
    const run = preCommit('run', '--verbose');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /multus-nad check\.+Passed/);
    assert.match(run.stdout, /good\.yaml:\d+:\d+: warning ipam-default-route/);
    assert.ok(!run.stdout.includes('bad.yaml'), 'an unstaged file is not checked');
    assert.ok(!run.stdout.includes('notes.txt'));
  });

  it('fails a commit that stages a NAD with an error, naming file, line and code', () => {
    git(consumer, 'add', 'bad.yaml');
    const run = preCommit('run', '--verbose');
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /multus-nad check\.+Failed/);
    assert.match(run.stdout, /bad\.yaml:7:\d+: error \S+: .*brige/);
    assert.ok(readFileSync(join(consumer, 'bad.yaml'), 'utf8') === BAD_NAD, 'the hook changes no file');
  });
});
