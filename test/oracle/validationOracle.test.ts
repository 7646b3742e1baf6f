// Differential test of the validation engine against the real reference plugins (Debian
// containernetworking-plugins v1.1.1 in /usr/lib/cni, run by cniHarness.ts in network namespaces;
// ../shared/cni-oracle.md). For a generated set of configs, valid and broken at plugin or IPAM
// level, each is written into a NAD, checked by the engine and run through the real plugin's ADD:
// the engine must report an error exactly when the plugin fails, at the field the case names, and
// that error's message must carry the plugin's own error text. Failures that depend on the node
// (a master that does not exist there, an MTU above the master's) are invisible in a manifest:
// they are listed, checked to fail for real, and kept out of the agreement figure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { after, before, it } from 'node:test';
import { checkManifestSet, readManifestSet, type EngineDiagnostic } from '../../engine';
import { CniLab, describeOracle, type PluginRun } from './cniHarness';

import type { Json } from '../../engine';

interface OracleCase {
  readonly label: string;
  readonly config: Json;
  /** JSON path of the field the failure is about (the engine's error must start there). */
  readonly at?: readonly (string | number)[];
  /** The failure comes from the node, not the config: not counted in the agreement. */
  readonly hostDependent?: boolean;
  /** A kernel feature the plugin needs to create the link once the config is accepted. */
  readonly needs?: KernelFeature;
  /** The failing field is read from the plugin's message (random cases). */
  readonly locateByMessage?: boolean;
  /** A pod asks for these `ips` (Multus passes them as CNI_ARGS IP=, joined by commas). */
  readonly podIps?: readonly string[];
}

type KernelFeature = 'ipvlan' | 'vlan' | 'bridge-vlan';

/**
 * What a plugin says when the kernel cannot create its link (PLG v1.1.1 plugins/main/ipvlan/ipvlan.go
 * createIpvlan, vlan/vlan.go createVlan, bridge/bridge.go setupBridge and ensureBridge). Only this error lets a
 * case go uncompared on a kernel without the feature: an ipvlan mode the plugin refuses fails
 * earlier with its own text (modeFromString), which the engine must report.
 */
const LINK_CREATION_ERROR: Record<KernelFeature, RegExp> = {
  ipvlan: /^failed to create ipvlan: /,
  vlan: /^failed to create vlan: /,
  'bridge-vlan': /^failed to create bridge "[^"]+": could not add "[^"]+": /,
};

const DATA_DIR = '@DATADIR@';
const hostLocal = (extra: Json = {}): Json => ({
  type: 'host-local',
  subnet: '10.1.0.0/24',
  dataDir: DATA_DIR,
  ...extra,
});
const ranges = (...sets: Json[][]): Json => ({ type: 'host-local', dataDir: DATA_DIR, ranges: sets });

function macvlan(extra: Json, ipam: Json = hostLocal()): Json {
  return { type: 'macvlan', master: '@MASTER@', ...extra, ipam };
}

/** The generated set: each family crossed with valid and broken values. */
function generateCases(): OracleCase[] {
  const cases: OracleCase[] = [];
  const add = (label: string, config: Json, at?: (string | number)[], hostDependent = false) => {
    const needs: KernelFeature | undefined =
      config.type === 'ipvlan' || config.type === 'vlan'
        ? config.type
        : config.type === 'bridge' && config.vlan !== undefined && config.vlan !== 0
          ? 'bridge-vlan'
          : undefined;
    cases.push({ label, config, at, hostDependent, needs });
  };
  // macvlan modes (PLG plugins/main/macvlan/macvlan.go modeFromString)
  for (const mode of ['bridge', 'private', 'vepa', 'passthru', '', 'bridged', 'l2', 'Bridge']) {
    const valid = ['bridge', 'private', 'vepa', 'passthru', ''].includes(mode);
    add(`macvlan mode "${mode}"`, macvlan({ mode }), valid ? undefined : ['mode']);
  }
  // MTU against the master's 1500 (macvlan.go loadConf)
  for (const mtu of [-1, 0, 576, 1500]) add(`macvlan mtu ${mtu}`, macvlan({ mtu }), mtu < 0 ? ['mtu'] : undefined);
  add('macvlan mtu 9000 above the master', macvlan({ mtu: 9000 }), ['mtu'], true);
  add('macvlan master that the node lacks', macvlan({ master: 'nosuchlink0' }), ['master'], true);
  // JSON types (Go encoding/json through each plugin's loadConf)
  add('macvlan mtu as a string', macvlan({ mtu: '1500' }), ['mtu']);
  add('macvlan mode as a number', macvlan({ mode: 1 }), ['mode']);
  add('capabilities value as a string', macvlan({ capabilities: { ips: 'true' } }), ['capabilities', 'ips']);
  add('bridge vlan as a string', { type: 'bridge', bridge: '@BRIDGE@', vlan: '100', ipam: hostLocal() }, ['vlan']);
  // bridge (PLG plugins/main/bridge/bridge.go loadNetConf, cmdAdd)
  for (const vlan of [0, 1, 4094, 4095, 5000, -1]) {
    const valid = vlan >= 0 && vlan <= 4094;
    add(
      `bridge vlan ${vlan}`,
      { type: 'bridge', bridge: '@BRIDGE@', vlan, ipam: hostLocal() },
      valid ? undefined : ['vlan'],
    );
  }
  add(
    'bridge hairpin and promisc',
    { type: 'bridge', bridge: '@BRIDGE@', hairpinMode: true, promiscMode: true, ipam: hostLocal() },
    ['promiscMode'],
  );
  add('bridge L2 only', { type: 'bridge', bridge: '@BRIDGE@', ipam: {} });
  // vlan (PLG plugins/main/vlan/vlan.go loadConf): checked before any link is made
  for (const vlanId of [4095, 5000, -1])
    add(`vlan id ${vlanId}`, { type: 'vlan', master: '@MASTER@', vlanId, ipam: hostLocal() }, ['vlanId']);
  add('vlan without master', { type: 'vlan', vlanId: 10, ipam: hostLocal() }, ['type']);
  add('vlan mtu -5', { type: 'vlan', master: '@MASTER@', vlanId: 10, mtu: -5, ipam: hostLocal() }, ['mtu']);
  // ipvlan modes (PLG plugins/main/ipvlan/ipvlan.go modeFromString): refused before the link is made
  for (const mode of ['bridge', 'vepa', 'L4'])
    add(`ipvlan mode "${mode}"`, { type: 'ipvlan', master: '@MASTER@', mode, ipam: hostLocal() }, ['mode']);
  // ptp needs IPAM (PLG plugins/main/ptp/ptp.go)
  add('ptp without ipam', { type: 'ptp' }, ['type']);
  add('ptp with host-local', { type: 'ptp', ipam: hostLocal() });
  // cniVersion (CNI pkg/skel checkVersionAndCall, pkg/version)
  for (const cniVersion of ['0.1.0', '0.2.0', '0.3.0', '0.4.0', '1.0.0'])
    add(`cniVersion ${cniVersion}`, { ...macvlan({}), cniVersion });
  for (const cniVersion of ['1.0', '0.3.2', '4.0.0'])
    add(`cniVersion ${cniVersion}`, { ...macvlan({}), cniVersion }, ['cniVersion']);
  // host-local (PLG plugins/ipam/host-local/backend/allocator/config.go, range.go, range_set.go)
  const subnets: [string, boolean][] = [
    ['10.1.0.0/24', true],
    ['10.1.0.0/30', true],
    ['10.1.0.0/31', false],
    ['10.1.0.0/32', false],
    ['10.1.0.0/33', false],
    ['10.1.0.5/24', false],
    ['10.0.0.0/8', true],
    ['fd00::/64', true],
    ['fd00::/127', false],
    ['fd00::5/64', false],
    ['fd00::/8', false],
    ['not-a-cidr', false],
  ];
  for (const [subnet, valid] of subnets)
    add(`host-local subnet ${subnet}`, macvlan({}, hostLocal({ subnet })), valid ? undefined : ['ipam', 'subnet']);
  const bounds: [Json, string | undefined][] = [
    [{ rangeStart: '10.1.0.200', rangeEnd: '10.1.0.216' }, undefined],
    [{ rangeStart: '10.2.0.1' }, 'rangeStart'],
    [{ rangeEnd: '10.2.0.1' }, 'rangeEnd'],
    // A start after an explicit end: Range.Contains(RangeStart) already compares with RangeEnd.
    [{ rangeStart: '10.1.0.50', rangeEnd: '10.1.0.10' }, 'rangeStart'],
    [{ rangeStart: '10.1.0.0' }, undefined],
    [{ rangeStart: 'x' }, 'rangeStart'],
    [{ gateway: '10.9.9.9' }, undefined],
    [{ gateway: '10.1.0.100', rangeStart: '10.1.0.50', rangeEnd: '10.1.0.150' }, undefined],
    [{ gateway: 'fd00::1' }, undefined],
  ];
  for (const [extra, field] of bounds)
    add(`host-local ${JSON.stringify(extra)}`, macvlan({}, hostLocal(extra)), field ? ['ipam', field] : undefined);
  add('host-local IPv6 range outside', macvlan({}, ranges([{ subnet: 'fd00::/64', rangeStart: 'fd01::1' }])), [
    'ipam',
    'ranges',
    0,
    0,
    'rangeStart',
  ]);
  add('host-local dual stack', macvlan({}, ranges([{ subnet: '10.3.0.0/24' }], [{ subnet: 'fd03::/64' }])));
  add('host-local range sets overlap', macvlan({}, ranges([{ subnet: '10.4.0.0/24' }], [{ subnet: '10.4.0.0/25' }])), [
    'ipam',
    'ranges',
    1,
  ]);
  add(
    'host-local ranges overlap in a set',
    macvlan({}, ranges([{ subnet: '10.5.0.0/24' }, { subnet: '10.5.0.0/25' }])),
    ['ipam', 'ranges', 0, 1],
  );
  add('host-local mixed families in a set', macvlan({}, ranges([{ subnet: '10.6.0.0/24' }, { subnet: 'fd06::/64' }])), [
    'ipam',
    'ranges',
    0,
    1,
  ]);
  add('host-local empty range set', macvlan({}, ranges([])), ['ipam', 'ranges', 0]);
  add('host-local without ranges', macvlan({}, { type: 'host-local', dataDir: DATA_DIR }), ['ipam', 'type']);
  add(
    'host-local two v4 sets below 0.3.0',
    { ...macvlan({}, ranges([{ subnet: '10.7.0.0/24' }], [{ subnet: '10.8.0.0/24' }])), cniVersion: '0.2.0' },
    ['ipam', 'ranges'],
  );
  add(
    'host-local legacy subnet overlapping ranges',
    macvlan({}, { ...ranges([{ subnet: '10.1.0.0/25' }]), subnet: '10.1.0.0/24' }),
    ['ipam', 'ranges', 0],
  );
  add('host-local subnet as a number', macvlan({}, ranges([{ subnet: 5 }])), ['ipam', 'ranges', 0, 0, 'subnet']);
  // static (PLG plugins/ipam/static/main.go)
  for (const address of ['10.20.0.5/24', 'fd20::5/64', '10.20.0.5', 'fd20::5']) {
    const valid = address.includes('/');
    add(
      `static address ${address}`,
      macvlan({}, { type: 'static', addresses: [{ address }] }),
      valid ? undefined : ['ipam', 'addresses', 0, 'address'],
    );
  }
  // Version floors and chained-only plugins run on their own (PLG plugins/meta/*)
  add(
    'bandwidth at cniVersion 0.2.0',
    { type: 'bandwidth', cniVersion: '0.2.0', ingressRate: 1000, ingressBurst: 1000 },
    ['cniVersion'],
  );
  add('vrf at cniVersion 0.3.0', { type: 'vrf', cniVersion: '0.3.0', vrfname: 'blue' }, ['cniVersion']);
  add('firewall at cniVersion 0.3.1', { type: 'firewall', cniVersion: '0.3.1' }, ['cniVersion']);
  for (const type of ['tuning', 'portmap', 'sbr']) add(`${type} without an earlier plugin`, { type }, ['type']);
  add('vrf without an earlier plugin', { type: 'vrf', vrfname: 'blue' }, ['type']);
  // host-device selectors (PLG plugins/main/host-device/host-device.go loadConf)
  add('host-device without a selector', { type: 'host-device', ipam: hostLocal() }, ['type']);
  add('host-device kernelpath outside /sys/devices', { type: 'host-device', kernelpath: '/dev/net0' }, ['kernelpath']);
  add('host-device that the node lacks', { type: 'host-device', device: 'nosuchdev0' }, ['device'], true);
  // portmap's own settings (PLG plugins/meta/portmap/main.go parseConfig)
  add('portmap markMasqBit 40', { type: 'portmap', markMasqBit: 40 }, ['markMasqBit']);
  add('portmap mark bit and chain', { type: 'portmap', markMasqBit: 5, externalSetMarkChain: 'KUBE-MARK' }, [
    'externalSetMarkChain',
  ]);
  // IPAM routes and static gateways fail while decoding (PLG pkg/types: types.Route, net.IP)
  add('host-local route dst not a CIDR', macvlan({}, hostLocal({ routes: [{ dst: '10.0.0.0' }] })), [
    'ipam',
    'routes',
    0,
    'dst',
  ]);
  add('host-local route gw not an IP', macvlan({}, hostLocal({ routes: [{ dst: '10.0.0.0/8', gw: 'gw' }] })), [
    'ipam',
    'routes',
    0,
    'gw',
  ]);
  add(
    'static gateway not an IP',
    macvlan({}, { type: 'static', addresses: [{ address: '10.20.0.5/24', gateway: 'x' }] }),
    ['ipam', 'addresses', 0, 'gateway'],
  );
  add(
    'static two v4 addresses below 0.3.0',
    {
      ...macvlan({}, { type: 'static', addresses: [{ address: '10.20.0.5/24' }, { address: '10.21.0.5/24' }] }),
      cniVersion: '0.2.0',
    },
    ['ipam', 'addresses'],
  );
  // dhcp needs the daemon on the node (PLG plugins/ipam/dhcp/main.go)
  add('dhcp without a daemon', macvlan({}, { type: 'dhcp' }), ['ipam', 'type'], true);
  // Pod-requested IPs, as Multus passes them in CNI_ARGS (PLG plugins/ipam/host-local/main.go, static/main.go)
  const narrow = hostLocal({ rangeStart: '10.1.0.10', rangeEnd: '10.1.0.50', gateway: '10.1.0.10' });
  for (const [ips, fails] of [
    [['10.1.0.20'], false],
    [['10.1.0.20/24'], false],
    [['10.1.0.99'], true],
    [['10.1.0.10'], true],
    [['10.1.0.20', '10.1.0.21'], true],
  ] as const) {
    cases.push({
      label: `host-local pod ips ${ips.join(',')}`,
      config: macvlan({}, narrow),
      podIps: ips,
      at: fails ? ['pod'] : undefined,
    });
  }
  for (const [ips, fails] of [
    [['10.20.0.5/24'], false],
    [['10.20.0.5'], true],
  ] as const) {
    cases.push({
      label: `static pod ips ${ips.join(',')}`,
      config: macvlan({}, { type: 'static' }),
      podIps: ips,
      at: fails ? ['pod'] : undefined,
    });
  }
  cases.push(...randomHostLocalCases(100));
  return cases;
}

/** A small seeded generator, so the random cases are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * host-local ranges drawn at random (IPv4 and IPv6, wide and narrow prefixes, host bits, bounds
 * inside, outside and reversed, gateways anywhere); the field a failure is about is read from the
 * plugin's own message after the run.
 */
function randomHostLocalCases(count: number): OracleCase[] {
  const random = mulberry32(20261129);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const cases: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    const v6 = random() < 0.4;
    const bits = v6 ? 128 : 32;
    const prefix = v6 ? pick([48, 64, 64, 96, 120, 126, 127]) : pick([8, 16, 22, 24, 24, 28, 30, 31]);
    const base = v6 ? BigInt(0xfd00 + i) << 112n : BigInt(10 * 2 ** 24 + i * 2 ** 16);
    const network = base & ~((1n << BigInt(bits - prefix)) - 1n);
    const size = 1n << BigInt(bits - prefix);
    const at = (offset: bigint) => formatAddress(network + offset, v6);
    const hostBits = random() < 0.15 && size > 4n;
    const range: Json = { subnet: `${hostBits ? at(3n) : at(0n)}/${prefix}` };
    const spot = () => pick([1n, 2n, size / 2n, size - 2n, size + 5n, size * 4n]);
    if (random() < 0.6) range.rangeStart = at(spot());
    if (random() < 0.6) range.rangeEnd = at(spot());
    if (random() < 0.5) range.gateway = at(pick([1n, size / 3n, size + 1n]));
    cases.push({
      label: `random host-local ${JSON.stringify(range)}`,
      config: macvlan({}, ranges([range])),
      locateByMessage: true,
    });
  }
  return cases;
}

function formatAddress(value: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return groups.join(':');
}

/** The range field a host-local message is about (range.go words it by field). */
function fieldOfMessage(message: string, range: Json): (string | number)[] | undefined {
  const field = /RangeStart/.test(message)
    ? 'rangeStart'
    : /RangeEnd/.test(message)
      ? 'rangeEnd'
      : /host bits|too small|invalid CIDR/.test(message)
        ? 'subnet'
        : Object.keys(range).find((key) => message.includes(`invalid IP address: ${String(range[key])}`));
  return field ? ['ipam', 'ranges', 0, 0, field] : undefined;
}

const BASE = { cniVersion: '0.3.1', name: 'oracle' };

/** The NAD text the engine reads: the config as a `|` block, so JSON offsets map line by line. */
function nadYaml(index: number, json: string): { text: string; offsetOf: (jsonOffset: number) => number } {
  const header = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: oracle-${index}\nspec:\n  config: |\n`;
  const text =
    header +
    json
      .split('\n')
      .map((line) => `    ${line}\n`)
      .join('');
  // Every JSON line gains a 4-space indent: the offset moves by the header plus 4 per line so far.
  const offsetOf = (jsonOffset: number) => {
    const linesBefore = json.slice(0, jsonOffset).split('\n').length;
    return header.length + jsonOffset + 4 * linesBefore;
  };
  return { text, offsetOf };
}

/** A pod that selects NAD `index` and asks for `ips`; the element's offset is where errors belong. */
function podYaml(index: number, ips: readonly string[]): { text: string; elementOffset: number } {
  const element = JSON.stringify({ name: `oracle-${index}`, ips });
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${index}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: '[${element}]'\nspec:\n  nodeName: node1\n  containers:\n    - name: c\n      image: busybox\n`;
  return { text, elementOffset: text.indexOf(element) };
}

/** The plugin's text without what only the node knows (its master's MTU) and a closing period. */
function normalize(text: string): string {
  return text
    .trim()
    .replace(/\.$/, '')
    .replace(/master MTU\(\d+\)\]$/, 'master MTU(');
}

interface Outcome {
  readonly oracleCase: OracleCase;
  readonly run: PluginRun;
  readonly errors: readonly EngineDiagnostic[];
  readonly expectedOffsets: readonly number[];
}

/**
 * ipvlan and vlan links and VLAN-filtering bridges need kernel support this machine may lack;
 * configs the plugin accepts then fail when it creates the link, which says nothing about the config.
 */
function kernelSupports(host: string, feature: KernelFeature): boolean {
  const args =
    feature === 'bridge-vlan'
      ? ['name', 'mnadprobe', 'type', 'bridge', 'vlan_filtering', '1']
      : ['link', 'vm0', 'name', 'mnadprobe', 'type', feature, ...(feature === 'vlan' ? ['id', '5'] : [])];
  const ok = spawnSync('ip', ['-n', host, 'link', 'add', ...args]).status === 0;
  if (ok) spawnSync('ip', ['-n', host, 'link', 'delete', 'mnadprobe']);
  return ok;
}

describeOracle('validation engine vs the real CNI plugins', () => {
  let lab: CniLab;
  const outcomes: Outcome[] = [];
  const cases = generateCases();

  before(() => {
    lab = CniLab.create('mnadv');
    cases.forEach((oracleCase, index) => {
      const master = `vm${index}`;
      lab.addHostLink(master, 1500);
      const concrete = JSON.parse(
        JSON.stringify({ ...BASE, ...oracleCase.config })
          .replaceAll('@MASTER@', master)
          .replaceAll('@BRIDGE@', `vb${index}`)
          .replaceAll(DATA_DIR, `${lab.dataDir}/${index}`),
      ) as Json;
      const json = JSON.stringify(concrete, null, 2);
      const nad = nadYaml(index, json);
      const pod = oracleCase.podIps ? podYaml(index, oracleCase.podIps) : undefined;
      const files = [
        { path: `oracle-${index}.yaml`, text: nad.text },
        ...(pod ? [{ path: 'pod.yaml', text: pod.text }] : []),
      ];
      const errors = checkManifestSet(readManifestSet(files)).filter((d) => d.severity === 'error');
      const cniArgs = oracleCase.podIps ? `IgnoreUnknown=true;IP=${oracleCase.podIps.join(',')}` : undefined;
      const run = lab.run({
        config: concrete,
        pod: lab.addPod(`p${index}`),
        containerId: `validation-${index}`,
        cniArgs,
      });
      const range = ((concrete.ipam as Json | undefined)?.ranges as Json[][] | undefined)?.[0]?.[0] ?? {};
      const path = oracleCase.locateByMessage && run.error ? fieldOfMessage(run.error.msg, range) : oracleCase.at;
      const tree = parseTree(json)!;
      const node = path ? findNodeAtLocation(tree, [...path]) : undefined;
      const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      const expectedOffsets =
        pod && path
          ? [pod.elementOffset]
          : [node, key].filter((n) => n !== undefined).map((n) => nad.offsetOf(n!.offset));
      outcomes.push({ oracleCase, run, errors, expectedOffsets });
    });
  });

  after(() => lab?.dispose());

  it('agrees with every plugin on every config that does not depend on the node', () => {
    const features: KernelFeature[] = ['ipvlan', 'vlan', 'bridge-vlan'];
    const missing = new Set(features.filter((feature) => !kernelSupports(lab.host, feature)));
    const compared = outcomes.filter((o) => !o.oracleCase.hostDependent);
    const mismatches: string[] = [];
    let agreed = 0;
    let skippedForKernel = 0;
    for (const { oracleCase, run, errors, expectedOffsets } of compared) {
      const pluginFailed = run.exitCode !== 0;
      const { needs } = oracleCase;
      const kernelRefused = needs && missing.has(needs) && LINK_CREATION_ERROR[needs].test(run.error?.msg ?? '');
      if (pluginFailed && errors.length === 0 && kernelRefused) {
        skippedForKernel++;
        continue;
      }
      const failure = run.error ? normalize(run.error.msg) : '';
      const carrying = errors.filter((e) => e.message.includes(failure));
      const placed = carrying.filter((e) => expectedOffsets.length === 0 || expectedOffsets.includes(e.range[0]));
      if (!pluginFailed && errors.length === 0) agreed++;
      else if (pluginFailed && placed.length > 0) agreed++;
      else {
        mismatches.push(
          `${oracleCase.label}: plugin ${pluginFailed ? `failed "${run.error?.msg}"` : 'succeeded'}; engine errors: ` +
            (errors.map((e) => `[${e.range[0]}] ${e.code}: ${e.message}`).join(' | ') || 'none') +
            (pluginFailed ? `; expected at offsets ${expectedOffsets.join('/')}` : ''),
        );
      }
    }
    const failing = compared.filter((o) => o.run.exitCode !== 0).length;
    console.log(
      `validation oracle: ${compared.length + outcomes.length - compared.length} configs run through the real plugins; ` +
        `${agreed}/${compared.length - skippedForKernel} agree (${failing} refused by the plugin, ` +
        `${skippedForKernel} valid configs whose link this kernel cannot create [${[...missing].join(', ')}], ` +
        `${outcomes.length - compared.length} node-dependent)`,
    );
    assert.deepEqual(mismatches, []);
    assert.ok(agreed >= 60, `compared ${agreed} configs`);
  });

  it('node-dependent failures really fail, and the engine does not pretend to know them', () => {
    for (const { oracleCase, run, errors } of outcomes.filter((o) => o.oracleCase.hostDependent)) {
      assert.notEqual(run.exitCode, 0, `${oracleCase.label} fails on the node`);
      assert.deepEqual(
        errors.map((e) => e.code),
        [],
        `${oracleCase.label}: a manifest cannot show it`,
      );
    }
  });
});
