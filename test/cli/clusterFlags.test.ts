import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';

// Flags of the live-cluster commands that are wrong before any cluster is contacted: usage errors, exit 2.
describe('cluster snapshot and preview --from-cluster: flag mistakes', () => {
  it('preview refuses --cluster together with --from-cluster', () => {
    const run = runCli(
      'preview',
      '--cluster',
      'examples/whereabouts/cluster.yaml',
      '--from-cluster',
      'examples/seed-lab',
    );
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--cluster and --from-cluster exclude each other/);
  });

  it('preview refuses --context without --from-cluster instead of ignoring it', () => {
    const run = runCli('preview', '--context', 'lab', 'examples/seed-lab');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /add --from-cluster/);
  });

  it('cluster snapshot refuses --namespace together with --all-namespaces', () => {
    const run = runCli('cluster', 'snapshot', '-n', 'default', '-A');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--namespace and --all-namespaces exclude each other/);
  });

  it('cluster snapshot names a missing context as a usage error', () => {
    const run = runCli(
      'cluster',
      'snapshot',
      '--kubeconfig',
      'examples/seed-lab/macvlan-conf.yaml',
      '--context',
      'nope',
    );
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /nope/);
  });
});
