import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runCli } from '../cli/cliRunner';

const CORPUS = join(ROOT, '..', 'shared', 'corpus');

describe('multus-nad preview --cluster and the examples', () => {
  it('--cluster FILE places pods on the described nodes (examples/whereabouts: taken .226 is skipped)', () => {
    const run = runCli(
      'preview',
      '--format',
      'network-status',
      '--cluster',
      'examples/whereabouts/cluster.yaml',
      'examples/whereabouts',
    );
    assert.equal(run.status, 0, run.stderr);
    const status = JSON.parse(run.stdout) as Record<string, { ips: string[] }[]>;
    assert.deepEqual(status['default/wa-on-node1'][1].ips, ['192.168.2.225']);
    assert.deepEqual(status['default/wa-on-node2'][1].ips, ['192.168.2.227']);
  });

  it('a bad cluster file is a usage error (exit 2) naming the file', () => {
    const run = runCli('preview', '--cluster', 'examples/seed-lab/samplepod.yaml', 'examples/seed-lab');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /samplepod\.yaml: `nodes` must list at least one node/);
  });

  it('every example previews without a refusal', () => {
    for (const [dir, cluster] of [
      ['examples/dual-stack', 'examples/dual-stack/cluster.yaml'],
      ['examples/deployment', 'examples/deployment/cluster.yaml'],
      ['examples/sbr-tuning', undefined],
    ] as const) {
      const run = runCli('preview', ...(cluster ? ['--cluster', cluster] : []), dir);
      assert.equal(run.status, 0, `${dir}: ${run.stdout}${run.stderr}`);
    }
  });

  // Issue 4 "Done when": an entry or a Multus-worded error for every pod of the corpus, no exception.
  it('the corpus: every pod gets an annotation or an error, and nothing throws', () => {
    assert.ok(existsSync(CORPUS), `no corpus at ${CORPUS} (../shared/corpus)`);
    const run = runCli('preview', '--format', 'network-status', CORPUS);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.equal(run.stderr, '');
    const status = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.ok(Object.keys(status).length > 50);
    for (const [pod, value] of Object.entries(status)) {
      if (Array.isArray(value)) assert.ok(value.length > 0, pod);
      else assert.match((value as { error: string }).error, /^(Multus: \[|\[|0\/\d+ nodes are available|node ")/, pod);
    }
  });
});
