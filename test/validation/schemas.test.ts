// The JSON Schemas in schemas/ are usable on their own (yaml-language-server, VS Code's JSON
// editor): each compiles with a stock ajv, accepts the seed lab, rejects what the API server or the
// plugin rejects, and every field has a description for hover.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { ROOT } from './cliHarness';

type Schema = { properties?: Record<string, Schema>; items?: Schema; description?: string; [key: string]: unknown };

const SCHEMAS = join(ROOT, 'schemas');
const files = [
  'nad.schema.json',
  ...['cni', 'plugins', 'ipam'].flatMap((dir) => readdirSync(join(SCHEMAS, dir)).map((f) => `${dir}/${f}`)),
];
const load = (file: string) => JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Schema;
// A fresh ajv per schema, as a user's tool would load one schema on its own.
const compile = (file: string) => new Ajv({ allErrors: true, strict: false }).compile(load(file));

test('one schema per plugin of domain.md section 5 and per IPAM type, plus NAD, conf and conflist', () => {
  const plugins = readdirSync(join(SCHEMAS, 'plugins'))
    .map((f) => f.replace('.schema.json', ''))
    .sort();
  assert.deepEqual(plugins, [
    'bandwidth',
    'bond',
    'bridge',
    'dummy',
    'firewall',
    'flannel',
    'host-device',
    'ipvlan',
    'macvlan',
    'ovs',
    'portmap',
    'ptp',
    'sbr',
    'sriov',
    'tap',
    'tuning',
    'vlan',
    'vrf',
  ]);
  assert.deepEqual(readdirSync(join(SCHEMAS, 'ipam')).sort(), [
    'dhcp.schema.json',
    'host-local.schema.json',
    'static.schema.json',
    'whereabouts.schema.json',
  ]);
  assert.deepEqual(readdirSync(join(SCHEMAS, 'cni')).sort(), ['conflist.schema.json', 'netconf.schema.json']);
});

test('every schema compiles and every field has a description for hover', () => {
  for (const file of files) {
    const schema = load(file);
    assert.doesNotThrow(() => compile(file), file);
    const missing: string[] = [];
    const walk = (node: Schema, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (!child.description) missing.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (node.items) walk(node.items, `${path}[]`);
    };
    walk(schema, file);
    assert.deepEqual(missing, [], file);
  }
});

test('the NAD schema accepts the seed lab and rejects spec.config written as a mapping', () => {
  const validate = compile('nad.schema.json');
  const seed = parse(readFileSync(join(ROOT, 'examples/seed-lab/macvlan-conf.yaml'), 'utf8')) as {
    spec: { config: string };
  };
  assert.equal(validate(seed), true, JSON.stringify(validate.errors));
  const mapping = { ...seed, spec: { config: JSON.parse(seed.spec.config) } };
  assert.equal(validate(mapping), false);
  assert.equal(validate.errors?.[0]?.instancePath, '/spec/config');
  assert.equal(validate({ ...seed, metadata: { name: 'Bad_Name' } }), false);
});

test('the plugin and IPAM schemas accept the seed lab config and reject what the plugins reject', () => {
  const seed = parse(readFileSync(join(ROOT, 'examples/seed-lab/macvlan-conf.yaml'), 'utf8')) as {
    spec: { config: string };
  };
  const config = JSON.parse(seed.spec.config) as Record<string, unknown>;
  const macvlan = compile('plugins/macvlan.schema.json');
  const hostLocal = compile('ipam/host-local.schema.json');
  assert.equal(macvlan(config), true, JSON.stringify(macvlan.errors));
  assert.equal(hostLocal(config.ipam), true, JSON.stringify(hostLocal.errors));
  // PLG plugins/main/macvlan/macvlan.go: unknown macvlan mode; NetConf.MTU is an int.
  assert.equal(macvlan({ ...config, mode: 'bridged' }), false);
  assert.equal(macvlan({ ...config, mtu: '1500' }), false);
  // PLG plugins/main/bridge/bridge.go: invalid VLAN ID (must be between 0 and 4094).
  assert.equal(compile('plugins/bridge.schema.json')({ type: 'bridge', vlan: 4095 }), false);
  // CNI pkg/version: only released versions.
  assert.equal(
    compile('cni/conflist.schema.json')({ cniVersion: '1.0', name: 'x', plugins: [{ type: 'bridge' }] }),
    false,
  );
});
