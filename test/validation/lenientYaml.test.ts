// go-yaml's leniency for under-indented quoted scalars and flow collections (lenientYaml.ts):
// the re-indented text parses, decodes to the same value, and maps every offset back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { reindentQuotedScalars } from '../../engine/manifest/lenientYaml';

const FLUSH_LEFT = `spec:
  config: '{
"type": "macvlan",
  "mode": "it''s"
}'
  other: |
    a 'quote' that
  stays: "here"
`;

test('continuation lines of a quoted scalar are indented past their key, nothing else moves', () => {
  const lenient = reindentQuotedScalars(FLUSH_LEFT)!;
  assert.ok(lenient, 'the file needed re-indenting');
  assert.throws(() => parse(FLUSH_LEFT));
  const value = parse(lenient.text) as { spec: { config: string; other: string; stays: string } };
  assert.equal(value.spec.config, `{ "type": "macvlan", "mode": "it's" }`);
  assert.equal(value.spec.other, "a 'quote' that\n");
  assert.equal(value.spec.stays, 'here');
  assert.deepEqual(lenient.reindented, [FLUSH_LEFT.indexOf('"type"')]);
});

test('offsets map back to the original text, also inside the inserted spaces', () => {
  const lenient = reindentQuotedScalars(FLUSH_LEFT)!;
  for (const needle of ['"type"', '"mode"', "}'", 'other', 'stays']) {
    assert.equal(lenient.toOriginal(lenient.text.indexOf(needle)), FLUSH_LEFT.indexOf(needle), needle);
  }
  const lineStart = FLUSH_LEFT.indexOf('"type"');
  assert.equal(lenient.toOriginal(lenient.text.indexOf('"type"') - 1), lineStart);
});

test('a file YAML 1.2 already accepts is left alone', () => {
  const text = 'spec:\n  config: \'{\n    "a": 1\n    }\'\n';
  assert.doesNotThrow(() => parse(text));
  assert.equal(reindentQuotedScalars(text), undefined);
});
