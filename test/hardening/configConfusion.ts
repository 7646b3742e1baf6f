/** Real NAD configs with values of the wrong type: the type-confusion properties' generators. */
import fc from 'fast-check';
import { readManifestSet } from '../../engine';
import { nadWithBlockConfig, podWithNetworks } from './hostileInputs';
import { allInputFiles } from './inputFiles';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keys the CNI, IPAM and Multus models read: the ones a wrong type can trip. */
const KNOWN_KEYS = [
  ...['type', 'name', 'cniVersion', 'ipam', 'plugins', 'master', 'mode', 'mtu', 'mac', 'vlan', 'bridge', 'isGateway'],
  ...['ipMasq', 'hairpinMode', 'promiscMode', 'ranges', 'subnet', 'rangeStart', 'rangeEnd', 'gateway', 'routes'],
  ...['dst', 'gw', 'addresses', 'address', 'capabilities', 'ips', 'args', 'cni', 'dns', 'nameservers', 'dataDir'],
  ...[
    'range',
    'range_start',
    'range_end',
    'exclude',
    'ipRanges',
    'runtimeConfig',
    'sysctl',
    'table',
    'linkInContainer',
  ],
  ...['deviceID', 'pciBusID', 'device', 'trunk', 'spoofchk', 'resolvConf', 'disableContainerInterface'],
  // Names every object inherits: a lookup table keyed by text from a file must not find them.
  ...['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'],
];

/** Every real NAD config of the examples and the corpus that is a JSON object. */
export function realConfigs(): Json[] {
  const configs: Json[] = [];
  for (const file of allInputFiles().files) {
    for (const nad of readManifestSet([{ path: file.name, text: file.text }]).nads) {
      try {
        const value = JSON.parse(nad.config?.text ?? '') as Json;
        if (value && typeof value === 'object' && !Array.isArray(value)) configs.push(value);
      } catch {
        // Broken configs are the prefix and mutation properties' business.
      }
    }
  }
  return configs;
}

/** The objects and arrays of a JSON value, each with a setter for one of its members. */
function containers(value: Json, out: (Json[] | { [key: string]: Json })[] = []): (Json[] | { [key: string]: Json })[] {
  if (value && typeof value === 'object') {
    out.push(value);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

export interface Edit {
  readonly at: number;
  readonly key: string;
  readonly value: Json;
  readonly remove: boolean;
}

export function applyEdit(config: Json, edit: Edit): void {
  // A copy: later edits may reach inside it, and fast-check reuses generated values when shrinking.
  const value = structuredClone(edit.value);
  const all = containers(config);
  const target = all[Math.floor(edit.at * all.length) % all.length];
  if (Array.isArray(target)) {
    const index = Math.floor(edit.at * 7919) % Math.max(target.length, 1);
    if (edit.remove) target.splice(index, 1);
    else target[index] = value;
    return;
  }
  const keys = Object.keys(target);
  const key = keys.length > 0 && edit.at * 10 > 5 ? keys[Math.floor(edit.at * 104729) % keys.length] : edit.key;
  if (edit.remove) delete target[key];
  else target[key] = value;
}

const jsonArbitrary = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

export const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  key: fc.constantFrom(...KNOWN_KEYS),
  value: fc.oneof(
    jsonArbitrary,
    fc.constantFrom<Json>('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'),
    fc.constantFrom<Json>(
      '',
      '0.0.0.0/0',
      '::/0',
      '10.0.0.1',
      'fd00::1/64',
      '1.1.1.1/33',
      -1,
      1e308,
      [],
      {},
      [[]],
      [{}],
    ),
  ),
  remove: fc.boolean(),
});

/** Pod annotations: the short form, or the JSON form with Multus' keys holding anything. */
export const annotationArbitrary = fc.oneof(
  fc.constantFrom(
    'net',
    'net@eth9',
    'default/net',
    'net, net',
    'net@net1,net',
    '/net',
    'net@',
    'constructor',
    'net@toString',
  ),
  fc
    .array(
      fc.record(
        {
          name: fc.oneof(fc.constant<Json>('net'), jsonArbitrary),
          namespace: jsonArbitrary,
          interface: fc.oneof(fc.constant<Json>('net9'), jsonArbitrary),
          ips: fc.oneof(fc.constant<Json>(['10.10.0.5/24', 'fd00::5/64']), jsonArbitrary),
          mac: fc.oneof(fc.constant<Json>('02:00:00:00:00:01'), jsonArbitrary),
          'default-route': fc.oneof(fc.constant<Json>(['10.10.0.1']), jsonArbitrary),
          'cni-args': jsonArbitrary,
          'infiniband-guid': jsonArbitrary,
        },
        { requiredKeys: ['name'] },
      ),
      { maxLength: 3 },
    )
    .map((list) => JSON.stringify(list)),
);

/** A NAD with a config edited by `edits` and a pod selecting it with `annotation`, as one file. */
export function confusedFile(config: Json, edits: readonly Edit[], annotation: string): string {
  const edited = structuredClone(config);
  for (const edit of edits) applyEdit(edited, edit);
  return [nadWithBlockConfig('net', JSON.stringify(edited, null, 2)), podWithNetworks('confused', annotation)].join(
    '---\n',
  );
}
