// The same five mistakes written in every YAML scalar style a JSON string can take: each
// diagnostic must start at the character that holds the mistake in the file, whatever the
// style's quoting, escaping, folding or indentation (ARCHITECTURE.md "The embedded JSON").
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkJson, FIXTURES, positionOf } from './cliHarness';

/** Each mistake: its code and the JSON text the diagnostic starts at. */
const MISTAKES = [
  { code: 'plugin-mode-unknown', json: '"bridged"' }, // PLG plugins/main/macvlan/macvlan.go modeFromString
  { code: 'json-wrong-type', json: '"1500"' }, // macvlan NetConf.MTU is an int
  { code: 'json-key-case', json: '"rangestart"' }, // Go matches rangeStart case-insensitively
  { code: 'json-unknown-key', json: '"routez"' }, // ignored by host-local: did you mean routes
  { code: 'ipam-gateway-outside-subnet', json: '"10.2.0.1"' }, // not checked by host-local's range.go
];

/** How a style writes a piece of JSON in the file: double-quoted scalars escape `"` and `\`. */
function encode(file: string, json: string): string {
  return file.startsWith('double') ? json.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : json;
}

const styleDir = join(FIXTURES, 'styles');
const styles = readdirSync(styleDir).filter((f) => f.endsWith('.yaml'));

test('the fixtures cover literal, folded, single- and double-quoted styles, on one line and on many', () => {
  assert.deepEqual(
    styles
      .map((f) => f.replace(/-.*|\.yaml/g, ''))
      .filter((v, i, a) => a.indexOf(v) === i)
      .sort(),
    ['double', 'folded', 'literal', 'single'],
  );
  assert.equal(styles.length, 8);
});

for (const file of styles) {
  test(`positions in ${file}`, () => {
    const path = join(styleDir, file);
    const text = readFileSync(path, 'utf8');
    const { diagnostics } = checkJson([path]);
    const body = text.indexOf('config:');
    for (const mistake of MISTAKES) {
      const at = positionOf(text, encode(file, mistake.json), 1, body);
      const found = diagnostics.filter((d) => d.code === mistake.code).map((d) => `${d.line}:${d.column}`);
      assert.deepEqual(found, [`${at.line}:${at.column}`], `${mistake.code} at ${mistake.json}`);
    }
  });
}

test('a range covers the whole value, also across escapes', () => {
  const path = join(styleDir, 'double-line.yaml');
  const text = readFileSync(path, 'utf8');
  const mode = checkJson([path]).diagnostics.find((d) => d.code === 'plugin-mode-unknown')!;
  const start = positionOf(text, '\\"bridged\\"');
  assert.deepEqual(
    [mode.line, mode.column, mode.endLine, mode.endColumn],
    [start.line, start.column, start.line, start.column + '\\"bridged\\"'.length],
  );
});
