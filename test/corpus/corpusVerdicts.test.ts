// Every file of ../shared/corpus (real manifests from public repositories) through the engine,
// directory by directory (references resolve within a directory, as corpus/INDEX.md judged them):
// no exception; VALID files get no error; PROBLEM files get the problem INDEX.md names. Prints the
// agreement figure. Skips with a message when ../shared is absent (a clone outside the workspace).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { checkManifestSet, readManifestSet, type EngineDiagnostic } from '../../engine';

const ROOT = resolve(__dirname, '../../..');
const CORPUS = resolve(ROOT, '../shared/corpus');
const present = existsSync(join(CORPUS, 'INDEX.md'));

/**
 * For each PROBLEM file, the diagnostic code(s) that name the problem INDEX.md describes; one of
 * them must be reported as an error or a warning.
 */
const PROBLEM_CODES: Readonly<Record<string, readonly string[]>> = {
  'Networks-it-uc3m__L2S-M/operator-readme-tun0-nad.yaml': ['k8s-metadata-flattened'],
  'antrea-io__antrea/cookbook-multus-netattachdef-ippool.yaml': ['json-syntax'],
  'containernetworking__plugins/issue-654-ipvlan-sbr-spec-fragment.yaml': ['json-syntax', 'k8s-object-incomplete'],
  'johnlam90__telco-cni-networking/readme-ipvlan-initcontainer-pod.yaml': ['yaml-syntax'],
  'k8snetworkplumbingwg__bond-cni/readme-bond-sriov-example.yaml': ['reference-not-found'],
  'k8snetworkplumbingwg__multi-net-spec/v1-3.2.1-cni-config-in-object.yaml': ['nad-config-not-string'],
  'k8snetworkplumbingwg__multi-net-spec/v1-3.2.2-cni-configlist-in-object.yaml': ['nad-config-not-string'],
  'k8snetworkplumbingwg__multi-net-spec/v1-3.2.3-thick-plugin-limited-config.yaml': ['nad-config-not-string'],
  'k8snetworkplumbingwg__multi-net-spec/v1-4.1-annotation-formats.yaml': ['k8s-object-incomplete'],
  'k8snetworkplumbingwg__multi-net-spec/v1-5.4-network-status-example.yaml': ['k8s-object-incomplete'],
  'k8snetworkplumbingwg__multus-cni/configuration-default-network-pod-malformed.yaml': ['k8s-metadata-flattened'],
  'k8snetworkplumbingwg__multus-cni/examples-macvlan-pod.yaml': ['annotation-selection-gateway-key'],
  'k8snetworkplumbingwg__multus-cni/how-to-use-pod-cases.yaml': ['reference-other-namespace'],
  'k8snetworkplumbingwg__multus-cni/legacy-2018-04-network-kind-macvlan.yaml': ['legacy-network-kind'],
  'k8snetworkplumbingwg__multus-cni/legacy-2018-04-sample-pod-old-annotation-key.yaml': ['annotation-legacy-key'],
  'k8snetworkplumbingwg__multus-cni/npwg-demo-1-06-flannel2.yaml': ['legacy-network-kind'],
  'k8snetworkplumbingwg__multus-cni/npwg-demo-1-13-pod-case3.yaml': ['reference-not-found'],
  'k8snetworkplumbingwg__network-resources-injector/readme-node-selector-macvlan.yaml': ['yaml-syntax', 'json-syntax'],
  'k8snetworkplumbingwg__ovs-cni/traffic-mirroring-example2.yaml': ['reference-not-found'],
  'k8snetworkplumbingwg__ovs-cni/vdpa-ovs-net.yaml': ['cni-version-unsupported'],
  'k8snetworkplumbingwg__sriov-cni/config-reference-runtime-mac-pod.yaml': ['k8s-container-name-invalid'],
  'k8snetworkplumbingwg__whereabouts/developer-notes-etcd-nad-pod.yaml': ['ipam-gateway-outside-subnet'],
  'k8snetworkplumbingwg__whereabouts/readme-fast-ipam-2024-07-typo.yaml': ['json-unknown-key'],
  'k8snetworkplumbingwg__whereabouts/readme-fast-ipam-node-slice.yaml': ['ipam-whereabouts-node-slice'],
  'kubevirt__macvtap-cni/readme-dataplane-missing-comma-2021.yaml': ['json-syntax'],
  'openshift__console/pr-3177-console-generated-cnv-bridge-nad.yaml': ['cni-plugins-ignored'],
  'ovn-org__ovn-kubernetes/hw-offload-ovs-kernel-default-network.yaml': ['nad-config-key-case'],
  'ovn-org__ovn-kubernetes/multi-homing-l2-static-ip-pod.yaml': ['annotation-static-ip-unsupported'],
  'rook__rook/network-providers-public-net-dhcp.yaml': ['json-syntax'],
  'spidernet-io__spiderpool/get-started-calico-macvlan-nad-deployment.yaml': ['cni-type-misspelled'],
  'spidernet-io__spiderpool/smc-generated-ipvlan-mtu.yaml': ['json-syntax'],
};

/**
 * Files where the engine and INDEX.md disagree, each with the reason. Any other disagreement
 * fails the test.
 */
const JUSTIFIED: Readonly<Record<string, string>> = {
  'k8snetworkplumbingwg__network-attachment-definition-client/my-network.yaml':
    'INDEX.md calls it VALID yet notes that the placeholder type "foo" "would fail at runtime: plugin binary not found" (CNI pkg/invoke/find.go FindInPath); issue 20 makes a type no node has an error (cni-type-not-installed)',
};

interface Row {
  readonly file: string;
  readonly verdict: 'VALID' | 'PROBLEM';
}

function readIndex(): Row[] {
  const text = readFileSync(join(CORPUS, 'INDEX.md'), 'utf8');
  return [...text.matchAll(/^\| `([^`]+)` \|.*\| (VALID|PROBLEM) \| .* \|$/gm)].map((m) => ({
    file: m[1],
    verdict: m[2] as Row['verdict'],
  }));
}

/** Checks every directory as one set; diagnostics keyed by the file's corpus-relative path. */
function checkCorpus(): Map<string, EngineDiagnostic[]> {
  const byFile = new Map<string, EngineDiagnostic[]>();
  for (const dir of readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const files = readdirSync(join(CORPUS, dir.name))
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => ({ path: `${dir.name}/${name}`, text: readFileSync(join(CORPUS, dir.name, name), 'utf8') }));
    for (const file of files) byFile.set(file.path, []);
    for (const diagnostic of checkManifestSet(readManifestSet(files))) byFile.get(diagnostic.file)?.push(diagnostic);
  }
  return byFile;
}

function verdictAgrees(row: Row, diagnostics: readonly EngineDiagnostic[]): boolean {
  if (row.verdict === 'VALID') return !diagnostics.some((d) => d.severity === 'error');
  const codes = PROBLEM_CODES[row.file] ?? [];
  return diagnostics.some((d) => (d.severity === 'error' || d.severity === 'warning') && codes.includes(d.code));
}

test(
  'corpus: every file is processed and the verdicts agree with INDEX.md',
  // Outside CI a clone without ../shared skips with the reason; in CI it fails with it.
  { skip: process.env.CI !== 'true' && !present && `no corpus at ${CORPUS} (../shared is absent in this clone)` },
  () => {
    assert.ok(present, `no corpus at ${CORPUS} (../shared is absent in this clone)`);
    const rows = readIndex();
    const results = checkCorpus();
    assert.equal(rows.length, 146, 'INDEX.md lists 146 files');
    assert.deepEqual(
      [...results.keys()].sort(),
      rows.map((r) => r.file).sort(),
      'every corpus file is indexed and checked',
    );
    const disagreements = rows.filter((row) => !verdictAgrees(row, results.get(row.file) ?? [])).map((row) => row.file);
    const agreeing = rows.length - disagreements.length;
    const justified = disagreements.filter((file) => JUSTIFIED[file]);
    console.log(
      `corpus agreement: ${agreeing}/${rows.length} files (${((100 * agreeing) / rows.length).toFixed(1)}%); ` +
        `${justified.length} disagreement(s) justified: ${justified.map((f) => `${f} (${JUSTIFIED[f]})`).join('; ') || 'none'}`,
    );
    assert.deepEqual(
      disagreements,
      Object.keys(JUSTIFIED),
      'every disagreement is justified, and every justification is still needed',
    );
    const problems = rows.filter((r) => r.verdict === 'PROBLEM');
    assert.equal(
      Object.keys(PROBLEM_CODES).length + problems.filter((r) => JUSTIFIED[r.file]).length,
      problems.length,
      'every PROBLEM file names its codes or is justified',
    );
  },
);
