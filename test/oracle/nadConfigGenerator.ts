// Seeded generator of NAD configs for the differential test against the real plugins (issue 20):
// macvlan, bridge or ptp, optionally chained with tuning, bandwidth and sbr, host-local or static
// IPAM, a single conf or a conflist, cniVersion 0.3.0 to 1.0.0, then 0 to 2 mutations (one of
// them appends a bandwidth or sbr plugin to a conflist). Objects keep their key order and may
// hold a key twice, so the text is written here, not by JSON.stringify.

/** A JSON value whose objects are ordered entry lists (duplicate keys allowed). */
export type GenValue = string | number | boolean | null | GenValue[] | GenObject;
export interface GenObject {
  entries: [string, GenValue][];
}

export const MUTATION_KINDS = [
  'out-of-range',
  'wrong-type',
  'misspelled-key',
  'missing-key',
  'bad-enum',
  'bad-address',
  'duplicate-key',
  'second-chained',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface GeneratedConfig {
  readonly index: number;
  readonly text: string;
  readonly plugins: readonly string[];
  readonly ipam: 'host-local' | 'static';
  readonly list: boolean;
  readonly cniVersion: string;
  readonly mutations: readonly string[];
  readonly mutationKinds: readonly MutationKind[];
}

/** mulberry32: a small, fast, seedable PRNG. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const obj = (...entries: [string, GenValue][]): GenObject => ({ entries });
const isObj = (value: GenValue): value is GenObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

class Picker {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

/** Generates config `index` of the run seeded with `seed`: the same pair always gives the same config. */
export function generateConfig(seed: number, index: number): GeneratedConfig {
  const p = new Picker(randomSource((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0));
  const main = p.pick(['macvlan', 'bridge', 'ptp'] as const);
  const ipamType = p.pick(['host-local', 'static'] as const);
  const chained = ['tuning', 'bandwidth', 'sbr'].filter(() => p.chance(0.3));
  const list = chained.length > 0 || p.chance(0.4);
  const cniVersion = p.pick(['0.3.0', '0.3.1', '0.4.0', '1.0.0']);
  const subnet = `10.${p.int(1, 250)}.${p.int(0, 255)}.0/24`;
  const mainPlugin = mainObject(p, main, index, ipamObject(p, ipamType, subnet, main));
  const name = `gen-${index}`;
  const root = list
    ? obj(
        ['cniVersion', cniVersion],
        ['name', name],
        ['plugins', [mainPlugin, ...chained.map((t) => chainedObject(p, t))]],
      )
    : obj(['cniVersion', cniVersion], ['name', name], ...mainPlugin.entries);
  const mutations: string[] = [];
  const kinds: MutationKind[] = [];
  for (let i = p.int(0, 2); i > 0; i--) {
    const kind = p.pick(MUTATION_KINDS);
    const done = mutate(p, root, kind);
    if (done) {
      mutations.push(`${kind}: ${done}`);
      kinds.push(kind);
    }
  }
  return {
    index,
    text: writeJson(root),
    plugins: [main, ...(list ? chained : [])],
    ipam: ipamType,
    list,
    cniVersion,
    mutations,
    mutationKinds: kinds,
  };
}

function mainObject(p: Picker, type: string, index: number, ipam: GenObject): GenObject {
  const entries: [string, GenValue][] = [['type', type]];
  if (type === 'macvlan') {
    entries.push(['master', 'eth0']);
    if (p.chance(0.5)) entries.push(['mode', p.pick(['bridge', 'private', 'vepa'])]);
  }
  if (type === 'bridge') {
    entries.push(['bridge', `gbr${index}`]);
    if (p.chance(0.4)) entries.push(['isGateway', true]);
  }
  if (p.chance(0.4)) entries.push(['mtu', p.pick([1400, 1450, 1500])]);
  entries.push(['ipam', ipam]);
  return obj(...entries);
}

function ipamObject(p: Picker, type: 'host-local' | 'static', subnet: string, main: string): GenObject {
  const base = subnet.replace(/0\/24$/, '');
  const routes: GenValue[] = p.chance(0.4) ? [obj(['dst', `172.${p.int(16, 31)}.0.0/16`])] : [];
  if (type === 'host-local') {
    const entries: [string, GenValue][] = [
      ['type', 'host-local'],
      ['subnet', subnet],
    ];
    if (p.chance(0.5)) entries.push(['rangeStart', `${base}${p.int(10, 100)}`], ['rangeEnd', `${base}200`]);
    if (p.chance(0.4)) entries.push(['gateway', `${base}1`]);
    if (routes.length) entries.push(['routes', routes]);
    entries.push(['dataDir', '@DATADIR@']);
    return obj(...entries);
  }
  // ptp routes via the gateway, so a valid ptp+static config always has one.
  const address = obj(['address', `${base}${p.int(2, 250)}/24`]);
  if (main === 'ptp' || p.chance(0.6)) address.entries.push(['gateway', `${base}1`]);
  return obj(
    ['type', 'static'],
    ['addresses', [address]],
    ...(routes.length ? [['routes', routes] as [string, GenValue]] : []),
  );
}

function chainedObject(p: Picker, type: string): GenObject {
  if (type === 'tuning') {
    const entries: [string, GenValue][] = [['type', 'tuning']];
    if (p.chance(0.5)) entries.push(['mac', `02:00:00:${p.int(16, 99)}:${p.int(10, 99)}:${p.int(10, 99)}`]);
    if (p.chance(0.5)) entries.push(['mtu', p.pick([1300, 1400])]);
    entries.push(['sysctl', obj([p.pick(['net.ipv4.conf.IFNAME.arp_notify', 'net.ipv6.conf.IFNAME.accept_ra']), '1'])]);
    return obj(...entries);
  }
  if (type === 'bandwidth') {
    return obj(['type', 'bandwidth'], ['ingressRate', 1000000], ['ingressBurst', 100000]);
  }
  return obj(['type', 'sbr']);
}

/** Every object in the tree with the path to it, the root first. */
function objects(value: GenValue, path = ''): { object: GenObject; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objects(item, `${path}[${i}]`));
  if (!isObj(value)) return [];
  return [
    { object: value, path: path || '$' },
    ...value.entries.flatMap(([key, child]) => objects(child, `${path}.${key}`)),
  ];
}

type Slot = { object: GenObject; path: string; at: number };

/** Entries whose key is one of `keys`, anywhere (dataDir and the test's placeholders are never touched). */
function slots(root: GenObject, keys: readonly string[]): Slot[] {
  return objects(root).flatMap(({ object, path }) =>
    object.entries.flatMap(([key], at) => (keys.includes(key) ? [{ object, path: `${path}.${key}`, at }] : [])),
  );
}

function mutate(p: Picker, root: GenObject, kind: MutationKind): string | undefined {
  const set = (slot: Slot, value: GenValue, what: string) => {
    slot.object.entries[slot.at][1] = value;
    return `${slot.path} = ${what}`;
  };
  switch (kind) {
    case 'out-of-range': {
      const slot = pickSlot(p, root, ['mtu', 'ingressRate', 'ingressBurst']);
      if (!slot) return undefined;
      const value = p.pick(slot.path.endsWith('mtu') ? [-1, 10, 67, 65536, 70000] : [-5, 0]);
      return set(slot, value, String(value));
    }
    case 'wrong-type': {
      const slot = pickSlot(p, root, [
        'mtu',
        'master',
        'mode',
        'type',
        'subnet',
        'isGateway',
        'addresses',
        'ingressRate',
      ]);
      if (!slot) return undefined;
      const current = slot.object.entries[slot.at][1];
      const value: GenValue =
        typeof current === 'number'
          ? String(current)
          : typeof current === 'string'
            ? p.pick([7, obj(['name', current]), [current]])
            : 'yes';
      return set(slot, value, JSON.stringify(writeJson(value)));
    }
    case 'misspelled-key': {
      const slot = pickSlot(p, root, [
        'master',
        'mode',
        'mtu',
        'subnet',
        'rangeStart',
        'gateway',
        'dst',
        'plugins',
        'addresses',
        'type',
        'mac',
      ]);
      if (!slot) return undefined;
      const key = slot.object.entries[slot.at][0];
      const renamed = p.chance(0.4) ? changeCase(key) : misspell(p, key);
      slot.object.entries[slot.at][0] = renamed;
      return `${slot.path} renamed "${renamed}"`;
    }
    case 'missing-key': {
      const slot = pickSlot(p, root, [
        'type',
        'master',
        'ipam',
        'subnet',
        'addresses',
        'dst',
        'gateway',
        'ingressBurst',
      ]);
      if (!slot) return undefined;
      slot.object.entries.splice(slot.at, 1);
      return `${slot.path} removed`;
    }
    case 'bad-enum': {
      const slot = pickSlot(p, root, ['mode', 'type']);
      if (!slot) return undefined;
      const current = String(slot.object.entries[slot.at][1]);
      const value = slot.path.endsWith('mode')
        ? p.pick(['bridged', 'Bridge', 'l2', 'passthrough'])
        : p.pick([
            current.replace('-', '_'),
            current.replace('-', ''),
            current.slice(0, -1),
            current.toUpperCase(),
            `${current}s`,
          ]);
      return set(slot, value, value);
    }
    case 'bad-address': {
      const slot = pickSlot(p, root, ['subnet', 'rangeStart', 'gateway', 'address', 'dst', 'mac']);
      if (!slot) return undefined;
      const current = String(slot.object.entries[slot.at][1]);
      const value = badAddress(p, slot.path, current);
      return set(slot, value, value);
    }
    case 'duplicate-key': {
      const slot = pickSlot(p, root, ['mtu', 'mode', 'subnet', 'master', 'gateway', 'type']);
      if (!slot) return undefined;
      const [key, value] = slot.object.entries[slot.at];
      const other: GenValue = typeof value === 'number' ? p.pick([70000, 1280, value]) : p.pick(['x', value]);
      const first = p.chance(0.5);
      slot.object.entries.splice(first ? slot.at : slot.at + 1, 0, [key, other]);
      return `${slot.path} duplicated with ${JSON.stringify(other)} ${first ? 'before' : 'after'}`;
    }
    case 'second-chained': {
      // A second bandwidth (same direction) or sbr (with a gateway) collides at ADD:
      // plugin-bandwidth-duplicate, plugin-sbr-duplicate.
      const plugins = root.entries.find(([key]) => key === 'plugins')?.[1];
      if (!Array.isArray(plugins)) return undefined;
      const added = p.pick(['ingress', 'egress', 'sbr']);
      plugins.push(
        added === 'sbr'
          ? obj(['type', 'sbr'])
          : obj(['type', 'bandwidth'], [`${added}Rate`, 2000000], [`${added}Burst`, 200000]),
      );
      return `plugins[${plugins.length - 1}] = ${added === 'sbr' ? 'sbr' : `bandwidth shaping ${added}`}`;
    }
  }
}

function pickSlot(p: Picker, root: GenObject, keys: readonly string[]): Slot | undefined {
  const found = slots(root, keys);
  return found.length > 0 ? p.pick(found) : undefined;
}

function changeCase(key: string): string {
  return key[0] === key[0].toUpperCase() ? key.toLowerCase() : key[0].toUpperCase() + key.slice(1);
}

function misspell(p: Picker, key: string): string {
  const i = p.int(0, key.length - 2);
  return p.chance(0.5) ? key.slice(0, i) + key.slice(i + 1) : key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
}

function badAddress(p: Picker, path: string, current: string): string {
  if (path.endsWith('mac'))
    return p.pick(['zz:00:00:00:00:01', '01:00:5e:00:00:01', '02:00:00:00:01', '00:00:00:00:00:00']);
  if (path.endsWith('subnet'))
    return p.pick([
      current.replace('/24', '/33'),
      current.replace('/24', ''),
      current.replace('.0/24', '.300/24'),
      current.replace('0/24', '5/24'),
    ]);
  if (path.endsWith('address'))
    return p.pick([current.replace(/\/24$/, ''), current.replace(/\/24$/, '/40'), `fd00::5/64`]);
  if (path.endsWith('dst')) return p.pick([current.replace(/\/16$/, ''), 'fd00::/64', '172.16.0.0/99']);
  return p.pick(['fd00::1', '10.1.0', '300.1.1.1', '192.168.255.1']);
}

/** Compact JSON text, keys in order and duplicates kept. */
export function writeJson(value: GenValue): string {
  if (Array.isArray(value)) return `[${value.map(writeJson).join(', ')}]`;
  if (isObj(value)) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}: ${writeJson(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}
