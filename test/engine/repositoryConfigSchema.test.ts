import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { DIAGNOSTIC_CODES, readRepositoryConfig } from '../../engine';

// schemas/multus-nad-config.schema.json is what yaml-language-server completes and hovers in a
// .multus-nad.yaml; the CLI and the server read the file with readRepositoryConfig. Both must agree.
const schema = JSON.parse(readFileSync('schemas/multus-nad-config.schema.json', 'utf8')) as {
  properties: { rules: { propertyNames: { enum: string[] }; properties: Record<string, { description: string }> } };
};
const validate = new Ajv({ strict: false }).compile(schema);

const CASES: [string, boolean][] = [
  ['rules:\n  ipam-default-route: off\n  nad-config-name-differs: warning\n', true],
  [
    'ignore: ["vendor/**", "charts/*/templates/tests/**"]\nclusterModel: lab/cluster.yaml\npluginVersion: v1.1.1\n',
    true,
  ],
  ['rules:\n  ipam-default-rout: off\n', false],
  ['rules:\n  ipam-default-route: loud\n', false],
  ['pluginVersion: v1.0.0\n', false],
  ['ignore: vendor/**\n', false],
  ['severity:\n  ipam-default-route: off\n', false],
  ['', true],
];

describe('.multus-nad.yaml schema', () => {
  it('lists every diagnostic code, each with its summary for hover', () => {
    assert.deepEqual(schema.properties.rules.propertyNames.enum, Object.keys(DIAGNOSTIC_CODES));
    for (const [code, rule] of Object.entries(DIAGNOSTIC_CODES))
      assert.ok(schema.properties.rules.properties[code].description.startsWith(rule.summary), code);
  });

  for (const [text, valid] of CASES) {
    it(`${valid ? 'accepts' : 'rejects'} ${JSON.stringify(text)} in the schema and in the reader alike`, () => {
      assert.equal(validate(parse(text) ?? {}), valid, JSON.stringify(validate.errors));
      assert.equal(!('error' in readRepositoryConfig(text)), valid);
    });
  }
});
