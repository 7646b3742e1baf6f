// Randomized differential test of the checker against the real plugins (issue 20): seeded NAD
// configs (nadConfigGenerator.ts) attached by a pod, run through Debian's v1.1.1 plugins with a
// libcni-equivalent chain (libcniChain.ts) in network namespaces, and checked by the engine. The
// verdicts must agree (ADD fails <=> the engine reports an error), and when ADD fails on a field
// its message names, one of the engine's errors must start at that field. The seed is printed, and
// every disagreement names the seed and the case, to replay with
//   npm run fuzz:oracle -- --seed S --cases N      (or DIFF_SEED=S DIFF_CASES=N node --test ...)
import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { after, before, it } from 'node:test';
import { checkManifestSet, readManifestSet, type EngineDiagnostic } from '../../engine';
import { CniLab, describeOracle } from './cniHarness';
import { addThroughChain, type ChainOutcome } from './libcniChain';
import { generateConfig, MUTATION_KINDS, type GeneratedConfig } from './nadConfigGenerator';

const CI_SEED = 20261203;
const CI_CASES = 400;
const seed = Number(process.env.DIFF_SEED ?? CI_SEED);
const caseCount = Number(process.env.DIFF_CASES ?? CI_CASES);

const NAD_PREFIX = (name: string) =>
  `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: |\n    `;
const POD = (name: string, nad: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: ${nad}\nspec:\n  containers:\n    - name: app\n      image: busybox\n`;

interface Compared {
  readonly config: GeneratedConfig;
  readonly chain: ChainOutcome;
  readonly errors: readonly EngineDiagnostic[];
  /** Where upstream's message says the failure is: config offsets, `pod`, or undefined (unnamed). */
  readonly expected?: readonly (readonly [number, number])[] | 'pod';
}

/** The field (key or value) an upstream error message names, as key or value matchers. */
function namedField(msg: string): { keys?: readonly string[]; value?: string; pod?: true } | undefined {
  const quoted = /failed to find plugin "([^"]+)"/.exec(msg);
  if (quoted) return { value: quoted[1] };
  const goField = /Go struct field \S*?([A-Za-z]+) of type/.exec(msg);
  if (goField) return { keys: [goField[1]] };
  if (/missing IP config/.test(msg)) return { pod: true };
  if (/no 'plugins' key/.test(msg)) return { keys: ['plugins'] };
  if (/veth peer/.test(msg)) return { value: 'bandwidth' };
  if (/No IP addresses supplied/.test(msg)) return { value: 'sbr' };
  if (/MAC|cannot assign requested address/.test(msg)) return { keys: ['mac'] };
  if (/\/proc\/sys/.test(msg)) return { keys: ['sysctl'] };
  if (/mode/.test(msg)) return { keys: ['mode'] };
  if (/MTU|veth pair: invalid argument|could not add .*invalid argument|create macvlan: invalid argument/.test(msg))
    return { keys: ['mtu'] };
  if (/numerical result out of range/.test(msg)) return { keys: ['addresses', 'address'] };
  // sbr's own default route (PLG plugins/meta/sbr/main.go doRoutes): a gateway, or a second sbr.
  if (/Failed to add default route to .*network is unreachable/.test(msg))
    return { keys: ['gateway', 'gw', 'routes', 'dst'], value: 'sbr' };
  if (/not the same IP family|network is unreachable|no route to host/.test(msg))
    return { keys: ['gateway', 'gw', 'routes', 'dst'] };
  const cidr = /invalid CIDR address: (\S+)/.exec(msg);
  if (cidr) return cidr[1] === '<nil>' ? { keys: ['routes', 'dst'] } : { value: cidr[1] };
  const ip = /invalid IP address: (\S+)/.exec(msg);
  if (ip) return { value: ip[1] };
  return undefined;
}

/** Offsets of the properties (key to end of value) or string values a message names. */
function expectedRanges(text: string, msg: string): Compared['expected'] {
  const named = namedField(msg);
  if (!named) return undefined;
  if (named.pod) return 'pod';
  const out: [number, number][] = [];
  const walk = (node: JsonNode | undefined) => {
    if (!node) return;
    if (node.type === 'property') {
      const [key, value] = node.children ?? [];
      const keyText = String(key?.value ?? '').toLowerCase();
      if (named.keys?.some((k) => k.toLowerCase() === keyText)) out.push([node.offset, node.offset + node.length]);
      if (named.value !== undefined && value?.type === 'string' && value.value === named.value)
        out.push([value.offset, value.offset + value.length]);
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseTree(text));
  return out.length > 0 ? out : undefined;
}

function runCase(lab: CniLab, config: GeneratedConfig): Compared {
  const name = `gen-${config.index}`;
  const prefix = NAD_PREFIX(name);
  const nadText = `${prefix}${config.text}\n`;
  const files = [
    { path: `${name}.yaml`, text: nadText },
    { path: `${name}-pod.yaml`, text: POD(`p${config.index}`, name) },
  ];
  const errors = checkManifestSet(readManifestSet(files))
    .filter((d) => d.severity === 'error')
    .map((d) =>
      d.file === files[0].path ? { ...d, range: [d.range[0] - prefix.length, d.range[1] - prefix.length] as const } : d,
    );
  const pod = lab.addPod(`d${config.index}`);
  const real = config.text.replaceAll('@DATADIR@', `${lab.dataDir}/${config.index}`);
  const chain = addThroughChain(lab, real, name, pod, `diff-${config.index}`);
  lab.removePod(pod);
  lab.removeHostLink(`gbr${config.index}`);
  return { config, chain, errors, expected: chain.ok ? undefined : expectedRanges(config.text, chain.msg) };
}

/**
 * A failure that depends on the node, not on the config: a master the node does not have (a
 * manifest cannot show it; the cluster model's interfaces are not a promise about every node).
 */
function nodeDependent(c: Compared): boolean {
  return !c.chain.ok && /Link not found/.test(c.chain.msg) && c.errors.length === 0;
}

function disagreement(c: Compared): string | undefined {
  const engineFails = c.errors.length > 0;
  const describe = () =>
    `case ${c.config.index} (seed ${seed}) ${c.config.text}\n  mutations: ${c.config.mutations.join('; ') || 'none'}\n` +
    `  ADD: ${c.chain.ok ? 'succeeded' : `failed: ${c.chain.msg}`}\n  engine errors: ` +
    (c.errors
      .map((e) => `[${e.file.endsWith('-pod.yaml') ? 'pod' : e.range[0]}] ${e.code}: ${e.message}`)
      .join(' | ') || 'none');
  if (c.chain.ok !== !engineFails) return `verdict: ${describe()}`;
  if (c.chain.ok || c.expected === undefined) return undefined;
  const placed =
    c.expected === 'pod'
      ? c.errors.some((e) => e.file.endsWith('-pod.yaml'))
      : c.errors.some((e) =>
          (c.expected as [number, number][]).some(([from, to]) => e.range[0] >= from && e.range[0] < to),
        );
  return placed ? undefined : `position: ${describe()}\n  expected at ${JSON.stringify(c.expected)}`;
}

describeOracle(`differential: ${caseCount} generated configs through the real plugins, seed ${seed}`, () => {
  let lab: CniLab;
  const results: Compared[] = [];

  before(() => {
    lab = CniLab.create('mnadd');
    // A node's uplink: the master of every macvlan, and the default-route interface macvlan uses without one.
    lab.addHostLink('eth0', 1500);
    lab.addHostAddress('eth0', '192.0.2.2/24', '192.0.2.1');
    for (let index = 0; index < caseCount; index++) results.push(runCase(lab, generateConfig(seed, index)));
  });

  after(() => lab?.dispose());

  it('covers every plugin, IPAM, form, cniVersion and mutation kind', () => {
    const seen = new Set(
      results.flatMap(({ config }) => [
        ...config.plugins,
        config.ipam,
        config.list ? 'conflist' : 'conf',
        config.cniVersion,
        ...config.mutationKinds,
      ]),
    );
    const wanted = [
      'macvlan',
      'bridge',
      'ptp',
      'tuning',
      'bandwidth',
      'sbr',
      'host-local',
      'static',
      'conf',
      'conflist',
    ];
    const all = [...wanted, '0.3.0', '0.3.1', '0.4.0', '1.0.0', ...MUTATION_KINDS];
    assert.deepEqual(
      all.filter((x) => !seen.has(x)),
      [],
      `seed ${seed}`,
    );
    assert.ok(results.some((r) => !r.chain.ok) && results.some((r) => r.chain.ok), 'both verdicts occur');
  });

  it('agrees with the real plugins on every verdict, and places the error at the field upstream names', () => {
    const nodeCases = results.filter(nodeDependent);
    const compared = results.filter((r) => !nodeDependent(r));
    const problems = compared.map(disagreement).filter((d): d is string => d !== undefined);
    const failing = results.filter((r) => !r.chain.ok).length;
    const positioned = results.filter((r) => !r.chain.ok && r.expected !== undefined).length;
    console.log(
      `differential oracle, seed ${seed}: ${compared.length - problems.length}/${compared.length} agree ` +
        `(${failing} refused at ADD, ${positioned} of them with the field named and compared; ` +
        `${nodeCases.length} node-dependent failures left out: a master the node lacks)`,
    );
    assert.deepEqual(
      problems,
      [],
      `seed ${seed}: replay with npm run fuzz:oracle -- --seed ${seed} --cases ${caseCount}`,
    );
  });
});
