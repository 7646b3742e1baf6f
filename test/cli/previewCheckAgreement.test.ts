import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runCli, runCliWith } from './cliRunner';
import { tempDir } from '../tempDir';

// Issue 18 point 8: `check` reports what `preview` learns about a pod, on the model `preview` uses (each
// folder's cluster.yaml), so the two agree: check fails exactly where preview refuses a pod.

const REFUSALS = new Set(['pod-refused', 'pod-unschedulable', 'pod-node-not-in-model']);

interface Checked {
  readonly diagnostics: { file: string; code: string; message: string; severity: string }[];
}

function previewRefusals(...args: string[]): string[] {
  const run = runCli('preview', '--format', 'json', ...args);
  const pods = (JSON.parse(run.stdout) as { pods: { pod: string; error?: string }[] }).pods;
  return pods.filter((pod) => pod.error).map((pod) => pod.pod);
}

function checked(...args: string[]): { status: number | null; report: Checked } {
  const run = runCli('check', '--format', 'json', ...args);
  return { status: run.status, report: JSON.parse(run.stdout) as Checked };
}

describe('check and preview tell one story', () => {
  const scratch = tempDir('agreement');

  const folders = readdirSync(join(ROOT, 'examples')).filter((name) => name !== 'helm-chart');
  for (const folder of folders) {
    it(`examples/${folder}: each folder's cluster.yaml is found by both; no pod refused, no refusal reported`, () => {
      assert.deepEqual(previewRefusals(`examples/${folder}`), []);
      const { report } = checked(`examples/${folder}`);
      assert.deepEqual(
        report.diagnostics.filter((d) => REFUSALS.has(d.code)),
        [],
      );
    });
  }

  it('examples/ as a whole: preview refuses nothing and check reports no refusal', () => {
    assert.deepEqual(previewRefusals('examples'), []);
    assert.deepEqual(
      checked('examples').report.diagnostics.filter((d) => REFUSALS.has(d.code)),
      [],
    );
  });

  it('without its cluster.yaml, examples/deployment is refused by preview and fails check on the same pods', () => {
    const folder = join(scratch, 'deployment');
    cpSync(join(ROOT, 'examples', 'deployment'), folder, { recursive: true });
    rmSync(join(folder, 'cluster.yaml'));
    const refused = previewRefusals(folder);
    assert.ok(refused.length > 0);
    const { status, report } = checked(folder);
    assert.equal(status, 1);
    const findings = report.diagnostics.filter((d) => d.code === 'pod-refused');
    // One finding per document: the Deployment's three replicas share one, the DaemonSet's pod the other.
    assert.equal(findings.length, 2, JSON.stringify(findings));
    for (const finding of findings) assert.match(finding.message, /failed to lookup master "eth1": Link not found/);
  });

  it("a node the model lacks: check names it as the model's limit, at nodeName; preview says not previewed", () => {
    const folder = join(scratch, 'node2');
    cpSync(join(ROOT, 'examples', 'seed-lab'), folder, { recursive: true });
    const pod = readFileSync(join(folder, 'samplepod2.yaml'), 'utf8').replace(/spec:\n/, 'spec:\n  nodeName: node2\n');
    writeFileSync(join(folder, 'samplepod2.yaml'), pod);
    const text = runCliWith({ cwd: folder }, 'preview', '.');
    assert.equal(text.status, 1);
    assert.match(text.stdout, /not previewed: node "node2" is not in the cluster model/);
    const { status, report } = checked(folder);
    assert.equal(status, 1);
    const [finding] = report.diagnostics.filter((d) => d.code === 'pod-node-not-in-model');
    assert.match(
      finding.message,
      /^Node node2 is not in the cluster model\. Add it to a cluster\.yaml beside the manifests/,
    );
    assert.doesNotMatch(finding.message, /Multus would refuse/);
  });

  it("each folder's own cluster.yaml decides cni-type-not-installed, not the first file's (issue 13)", () => {
    // a/ has the default binaries; b/ lists its nodes' binaries without ipvlan. Checked a/ first,
    // b/'s ipvlan NAD is still checked against b/'s nodes (PLG: a missing binary fails ADD).
    const root = join(scratch, 'two-models');
    for (const name of ['a', 'b']) cpSync(join(ROOT, 'examples', 'deployment'), join(root, name), { recursive: true });
    const model = join(root, 'b', 'cluster.yaml');
    writeFileSync(model, readFileSync(model, 'utf8') + 'plugins: [host-local, tuning, flannel, portmap]\n');
    const missing = (report: Checked) =>
      report.diagnostics.filter((d) => d.code === 'cni-type-not-installed').map((d) => d.file.split('/').slice(-2)[0]);
    assert.deepEqual(missing(checked(root).report), ['b']);
    assert.deepEqual(missing(checked(join(root, 'b'), join(root, 'a')).report), ['b']);
    // preview runs the pods on the same nodes: libcni finds no ipvlan binary in b/ only.
    assert.deepEqual(previewRefusals(join(root, 'a')), []);
    assert.ok(previewRefusals(join(root, 'b')).length > 0);
  });

  it('a master absent on another node the pod may run on is a warning naming that node (multus-cni #424, #720)', () => {
    const folder = join(scratch, 'uneven');
    cpSync(join(ROOT, 'examples', 'deployment'), folder, { recursive: true });
    const model = readFileSync(join(folder, 'cluster.yaml'), 'utf8');
    // w2 loses eth1: the replicas land on w1 (first fit) and preview fine, but w2 would refuse them.
    const w2 = model.indexOf('- name: w2');
    writeFileSync(
      join(folder, 'cluster.yaml'),
      model.slice(0, w2) + model.slice(w2).replace(', { name: eth1, mtu: 9000 }', ''),
    );
    const { report } = checked(folder);
    const warnings = report.diagnostics.filter((d) => d.code === 'pod-master-missing-on-node');
    assert.ok(warnings.length > 0, JSON.stringify(report.diagnostics));
    for (const warning of warnings) {
      assert.equal(warning.severity, 'warning');
      assert.match(warning.message, /^Master "eth1" is missing on node w2, where this pod may run\./);
    }
  });
});
