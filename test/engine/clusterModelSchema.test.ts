// schemas/cluster-model.schema.json describes the cluster model file readClusterFile reads: it
// compiles with a stock ajv, accepts every example cluster file, every field has a description,
// and what readClusterFile refuses for the connectivity fields it refuses too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { readClusterFile } from '../../engine';

const ROOT = join(__dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'cluster-model.schema.json'), 'utf8')) as Record<
  string,
  unknown
>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

test('every example cluster file, and one using segments and bridges, is valid for the schema and the reader', () => {
  const examples = readdirSync(join(ROOT, 'examples')).flatMap((dir) =>
    readdirSync(join(ROOT, 'examples', dir))
      .filter((file) => file === 'cluster.yaml')
      .map((file) => readFileSync(join(ROOT, 'examples', dir, file), 'utf8')),
  );
  assert.ok(examples.length >= 3);
  const segments = `nodes:\n  - name: n1\n    interfaces: [{ name: eth0, segment: lab, addresses: [192.168.1.11/24] }, { name: eth1 }]\n    bridges: [{ name: br0, uplink: eth1, addresses: [10.10.0.1/24] }]\n`;
  for (const text of [...examples, segments]) {
    assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
    assert.ok(!('error' in readClusterFile(text)), text);
  }
});

test('a bridge without a name is refused by both', () => {
  const text = 'nodes:\n  - name: n1\n    bridges: [{ uplink: eth0 }]\n';
  assert.equal(validate(parse(text)), false);
  const read = readClusterFile(text);
  assert.ok('error' in read && /every bridge needs a name/.test(read.error));
});

test('every property has a description (hover in yaml-language-server)', () => {
  const missing: string[] = [];
  const walk = (node: Record<string, unknown>, path: string) => {
    for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      if (typeof value.description !== 'string') missing.push(`${path}.${key}`);
      walk(value, `${path}.${key}`);
    }
    if (node.items && typeof node.items === 'object') walk(node.items as Record<string, unknown>, `${path}[]`);
  };
  walk(schema, '');
  assert.deepEqual(missing, []);
});
