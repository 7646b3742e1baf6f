// Randomized differential test of the preview's addresses against the real host-local (issue 20):
// seeded scenarios of 1-2 NADs with host-local (IPv4 /28-/30, IPv6 /124-/126, rangeStart/rangeEnd,
// gateways, the legacy and the `ranges` form, dual stack, a shared CNI name, keys in another case,
// exhaustion) and 1-8 pods pinned to two nodes, some attaching a network twice. The real
// host-local runs per node in pod order, and when a pod fails on a later network its earlier ones
// are deleted, as Multus does (MUL pkg/multus/multus.go CmdAdd, delPlugins). Each pod's verdict
// and addresses must equal the preview's. DIFF_PREVIEW_SEED / DIFF_PREVIEW_CASES replay a run.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { DEFAULT_CLUSTER, formatPrefix, previewPods, readManifestSet, type ClusterModel } from '../../engine';
import { CniLab, describeOracle } from './cniHarness';
import { randomSource } from './nadConfigGenerator';

const seed = Number(process.env.DIFF_PREVIEW_SEED ?? 20261204);
const scenarioCount = Number(process.env.DIFF_PREVIEW_CASES ?? 80);

const node1 = DEFAULT_CLUSTER.nodes[1];
const TWO_NODES: ClusterModel = {
  ...DEFAULT_CLUSTER,
  nodes: [node1, { ...node1, name: 'node2', labels: { 'kubernetes.io/hostname': 'node2' } }],
};

type Json = Record<string, unknown>;

interface Scenario {
  readonly index: number;
  readonly nads: readonly { name: string; ipam: Json }[];
  readonly pods: readonly { name: string; node: string; networks: readonly string[] }[];
}

/** What a pod got: `error` or, per interface, its addresses in order. */
type PodAddresses = string | Record<string, string[]>;

function generateScenario(index: number): Scenario {
  const random = randomSource((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const cased = (key: string) =>
    random() < 0.15 ? pick([key.toUpperCase(), key[0].toUpperCase() + key.slice(1)]) : key;
  const range = (family: 4 | 6, third: number): Json => {
    const length = family === 4 ? int(28, 30) : int(124, 126);
    const subnet = family === 4 ? `10.${index % 250}.${third}.0/${length}` : `fd00:${index}:${third}::/${length}`;
    const host = (n: number) =>
      family === 4 ? `10.${index % 250}.${third}.${n}` : `fd00:${index}:${third}::${n.toString(16)}`;
    const size = 2 ** ((family === 4 ? 32 : 128) - length);
    const out: Json = { [cased('subnet')]: subnet };
    if (random() < 0.4) out[cased('rangeStart')] = host(int(2, Math.max(2, size - 3)));
    if (random() < 0.3) out[cased('rangeEnd')] = host(size - 2);
    if (random() < 0.3) out[cased('gateway')] = host(1);
    return out;
  };
  const nads = Array.from({ length: int(1, 2) }, (_, n) => {
    const legacy = random() < 0.4;
    const sets = random() < 0.25 ? [[range(4, n)], [range(6, n)]] : [[range(pick([4, 4, 6]), n)]];
    const ipam: Json = legacy ? { type: 'host-local', ...sets[0][0] } : { type: 'host-local', [cased('ranges')]: sets };
    return { name: `net${index}-${n}`, ipam };
  });
  const names = nads.map((n) => n.name);
  const pods = Array.from({ length: int(1, 8) }, (_, p) => {
    const first = pick(names);
    const networks = random() < 0.2 ? [first, first] : random() < 0.3 ? [...names] : [first];
    return { name: `p${index}-${p}`, node: pick(['node1', 'node2']), networks };
  });
  return { index, nads, pods };
}

function manifest(scenario: Scenario, cniName: (nad: string) => string): string {
  const nads = scenario.nads.map(
    (nad) =>
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${nad.name}\nspec:\n  config: '${JSON.stringify({ cniVersion: '0.4.0', name: cniName(nad.name), type: 'macvlan', master: 'eth0', ipam: nad.ipam })}'\n`,
  );
  const pods = scenario.pods.map(
    (pod) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod.name}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: ${pod.networks.join(', ')}\nspec:\n  nodeName: ${pod.node}\n  containers: []\n`,
  );
  return [...nads, ...pods].join('---\n');
}

function previewed(text: string): PodAddresses[] {
  const set = readManifestSet([{ path: 'scenario.yaml', text }]);
  return previewPods(set.nads, set.pods, TWO_NODES).map((pod) =>
    pod.error
      ? 'error'
      : Object.fromEntries(
          pod.interfaces.filter((i) => i.name !== 'eth0').map((i) => [i.name, i.addresses.map(formatPrefix)]),
        ),
  );
}

/** host-local per node in pod order; a failing pod's earlier networks are deleted. */
function real(lab: CniLab, scenario: Scenario, cniName: (nad: string) => string): PodAddresses[] {
  const pod = lab.addPod(`hl${scenario.index}`);
  const out = scenario.pods.map((p) => {
    const call = (network: string, position: number, command: 'ADD' | 'DEL') => {
      const nad = scenario.nads.find((n) => n.name === network)!;
      const ipam = { ...nad.ipam, dataDir: `${lab.dataDir}/${scenario.index}/${p.node}` };
      return lab.run({
        plugin: 'host-local',
        config: { cniVersion: '0.4.0', name: cniName(network), type: 'macvlan', ipam },
        pod,
        command,
        ifname: `net${position + 1}`,
        containerId: p.name,
      });
    };
    const got: Record<string, string[]> = {};
    for (const [position, network] of p.networks.entries()) {
      const run = call(network, position, 'ADD');
      if (!run.result) {
        for (let earlier = position - 1; earlier >= 0; earlier--) call(p.networks[earlier], earlier, 'DEL');
        return 'error';
      }
      got[`net${position + 1}`] = (run.result.ips as { address: string }[]).map((ip) => ip.address);
    }
    return got;
  });
  lab.removePod(pod);
  return out;
}

describeOracle(`differential preview: ${scenarioCount} host-local scenarios on two nodes, seed ${seed}`, () => {
  let lab: CniLab;
  const mismatches: string[] = [];
  let pods = 0;

  before(() => {
    lab = CniLab.create('mnadh');
    for (let index = 0; index < scenarioCount; index++) {
      const scenario = generateScenario(index);
      // Every other scenario gives all its NADs one CNI name: they share host-local's state.
      const cniName = (nad: string) => (index % 2 === 0 ? `shared${index}` : nad);
      const text = manifest(scenario, cniName);
      const expected = real(lab, scenario, cniName);
      const actual = previewed(text);
      pods += scenario.pods.length;
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        mismatches.push(
          `scenario ${index} (seed ${seed}):\n${text}\n  real:    ${JSON.stringify(expected)}\n  preview: ${JSON.stringify(actual)}`,
        );
    }
  });

  after(() => lab?.dispose());

  it('gives every pod the addresses (or the refusal) the real host-local gives it', () => {
    console.log(
      `differential preview, seed ${seed}: ${scenarioCount - mismatches.length}/${scenarioCount} scenarios agree (${pods} pods)`,
    );
    assert.deepEqual(mismatches, []);
  });
});
