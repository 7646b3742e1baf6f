// Every rule family on small fixture files, through the built CLI's JSON output: each expected
// code must start exactly at the expected text, no error may appear that is not expected, and
// "# says:" lines hold upstream wording the message must carry.
// The fixtures' headers list the expectations; the rules follow the upstream files cited in
// engine/validation (PLG plugins/..., MUL pkg/..., WA pkg/..., CNI libcni/...).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkJson, FIXTURES, positionOf, type CliDiagnostic } from './cliHarness';

interface Expectation {
  readonly code: string;
  readonly needle: string;
  readonly occurrence: number;
}

function expectationsOf(text: string): { expectations: Expectation[]; bodyStart: number } {
  const expectations = [...text.matchAll(/^# expect: ([\w-]+) \| (.+?)(?: \| (\d+))?$/gm)].map((m) => ({
    code: m[1],
    needle: m[2],
    occurrence: Number(m[3] ?? 1),
  }));
  return { expectations, bodyStart: text.indexOf('\n---') };
}

const ruleDir = join(FIXTURES, 'rules');
for (const name of readdirSync(ruleDir).filter((f) => f.endsWith('.yaml'))) {
  test(`rules: ${name}`, () => {
    const path = join(ruleDir, name);
    const text = readFileSync(path, 'utf8');
    const { expectations, bodyStart } = expectationsOf(text);
    assert.ok(expectations.length > 0, 'fixture lists expectations');
    const { diagnostics } = checkJson([path]);
    const matched = new Set<CliDiagnostic>();
    for (const expected of expectations) {
      const at = positionOf(text, expected.needle, expected.occurrence, bodyStart);
      const hit = diagnostics.find((d) => d.code === expected.code && d.line === at.line && d.column === at.column);
      const sameCode = diagnostics.filter((d) => d.code === expected.code).map((d) => `${d.line}:${d.column}`);
      assert.ok(
        hit,
        `${expected.code} at ${at.line}:${at.column} ("${expected.needle}"); found at [${sameCode.join(', ')}]`,
      );
      matched.add(hit);
    }
    for (const [, code, said] of text.matchAll(/^# says: ([\w-]+) \| (.+)$/gm)) {
      const messages = diagnostics.filter((d) => d.code === code).map((d) => d.message);
      assert.ok(
        messages.some((m) => m.includes(said)),
        `${code} says "${said}"; got ${JSON.stringify(messages)}`,
      );
    }
    const unexpected = diagnostics.filter((d) => d.severity === 'error' && !matched.has(d));
    assert.deepEqual(
      unexpected.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`),
      [],
      'no error beyond the expected ones',
    );
  });
}
