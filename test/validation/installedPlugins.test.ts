// Issue 20, class 2: a plugin or IPAM type no node has is an error (libcni: failed to find plugin,
// CNI pkg/invoke/find.go FindInPath); which binaries the nodes have comes from the cluster model.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkManifestSet, DEFAULT_CLUSTER, readClusterFile, readManifestSet } from '../../engine';
import { runCli, type CliDiagnostic } from './cliHarness';

function errorsOf(config: unknown, cluster = DEFAULT_CLUSTER): string[] {
  const text = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: n\nspec:\n  config: '${JSON.stringify(config)}'\n`;
  return checkManifestSet(readManifestSet([{ path: 'n.yaml', text }]), { cluster })
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message}`);
}

const shaped = {
  cniVersion: '1.0.0',
  name: 'n',
  plugins: [
    { type: 'bridge', bridge: 'br1', ipam: { type: 'whereabouts', range: '10.1.0.0/24' } },
    { type: 'dummy', ipam: { type: 'host-local', subnet: '10.2.0.0/24' } },
  ],
};

test('default: the reference plugins of the release plus known third-party types', () => {
  assert.deepEqual(errorsOf(shaped), []);
  const old = errorsOf(shaped, { ...DEFAULT_CLUSTER, pluginVersion: 'v1.1.1' });
  assert.equal(old.length, 1);
  assert.match(old[0], /^cni-type-not-installed: No plugin "dummy".*failed to find plugin "dummy" in path/);
});

test('a cluster model that lists its plugins: everything else is an error, with a did-you-mean', () => {
  const read = readClusterFile('plugins: [bridge, host-local, whereabout]\nnodes: [{ name: n1 }]\n');
  assert.ok(!('error' in read), 'error' in read ? read.error : '');
  const errors = errorsOf(shaped, read);
  assert.deepEqual(
    errors.map((e) => e.split(':')[0]),
    ['cni-type-misspelled', 'cni-type-not-installed'],
    errors.join('\n'),
  );
  assert.match(errors[0], /Unknown plugin type "whereabouts": did you mean "whereabout"\?/);
  assert.deepEqual(readClusterFile('plugins: macvlan\nnodes: [{ name: n1 }]\n'), {
    error: '`plugins` must be a list of plugin binary names',
  });
});

test('the CLI: check --cluster FILE takes the nodes plugin list from the cluster model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnad-plugins-'));
  try {
    const nadFile = join(dir, 'nad.yaml');
    const clusterFile = join(dir, 'lab-model.yaml');
    writeFileSync(
      nadFile,
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: n\nspec:\n  config: '${JSON.stringify(shaped)}'\n`,
    );
    writeFileSync(clusterFile, 'plugins: [bridge, dummy, host-local]\nnodes: [{ name: n1 }]\n');
    const codes = (args: string[]) =>
      (
        JSON.parse(runCli(['check', '--format', 'json', ...args, nadFile]).stdout) as { diagnostics: CliDiagnostic[] }
      ).diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => d.code);
    assert.deepEqual(codes([]), []);
    assert.deepEqual(codes(['--cluster', clusterFile]), ['cni-type-not-installed']);
    // The same model as a cluster.yaml beside the manifest is found without --cluster (README "Which cluster model").
    writeFileSync(join(dir, 'cluster.yaml'), readFileSync(clusterFile, 'utf8'));
    assert.deepEqual(codes([]), ['cni-type-not-installed']);
    const missing = runCli(['check', '--cluster', join(dir, 'absent.yaml'), nadFile]);
    assert.equal(missing.status, 2, missing.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
