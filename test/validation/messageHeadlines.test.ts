// Issue 18 point 9: a Problems row shows the start of a message, so every message leads with one
// short sentence saying what is wrong; upstream citations live in docs/diagnostics/<code>.md.
// The messages are the real ones: the built CLI on the test fixtures, the examples, the corpus
// and the hostile inputs of test/hardening, and the test fails naming any code it did not see.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../engine';
import { aliasBomb, deepJsonNad, deepYamlFlow, manyDocuments } from '../hardening/hostileInputs';
import { FIXTURES, ROOT, type CliDiagnostic } from './cliHarness';

const CORPUS = process.env.MULTUS_NAD_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');
const HEADLINE_LIMIT = 100;

/** The first sentence: up to the first ".", "?" or "!" followed by a space or the end ("e.g." does not end one). */
function headline(message: string): string {
  const match = /^.*?[.?!](?=\s|$)/s.exec(message.replace(/\b(e\.g|i\.e)\./g, '$1\u2024'));
  return (match ? match[0] : message).replace(/\u2024/g, '.');
}

/** Upstream citations and the project's shorthand for upstream repositories: they belong in the docs pages. */
const CITATION =
  /\b(PLG|MUL|WA|NADC|ADM|NPWG)\b|\(CNI (libcni|pkg|SPEC|CONVENTIONS)|\b[\w./-]+\.go\b|SPEC\.md|CONVENTIONS\.md/;

/** Codes only the language server emits: test/server/diagnostics.test.ts checks their first sentence. */
const EDITOR_ONLY = new Set(['manifest-too-large']);

function checkRun(args: readonly string[], nodeFlags: readonly string[] = []): CliDiagnostic[] {
  const child = spawnSync(
    process.execPath,
    [...nodeFlags, join(ROOT, 'bin/multus-nad.js'), 'check', '--format', 'json', ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 },
  );
  assert.ok(child.stdout, `check ${args.join(' ')} printed nothing: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { diagnostics: CliDiagnostic[] }).diagnostics;
}

describe('every diagnostic message leads with one short sentence, without upstream citations', () => {
  let hostile: string;
  const seen: CliDiagnostic[] = [];

  before(() => {
    assert.ok(existsSync(CORPUS), `the corpus is missing at ${CORPUS} (set MULTUS_NAD_CORPUS)`);
    hostile = mkdtempSync(join(tmpdir(), 'multus-nad-messages-'));
    writeFileSync(join(hostile, 'alias-bomb.yaml'), aliasBomb());
    writeFileSync(join(hostile, 'deep-yaml.yaml'), deepYamlFlow(100_000));
    writeFileSync(join(hostile, 'deep-json-unchecked.yaml'), deepJsonNad(1_500));
    writeFileSync(join(hostile, 'deep-json-too-deep.yaml'), deepJsonNad(20_000));
    writeFileSync(join(hostile, 'many-documents.yaml'), manyDocuments(5_100));
    seen.push(...checkRun(['--report-unused-suppressions', FIXTURES, join(ROOT, 'examples'), CORPUS, hostile]));
    // check-failed: a rule that throws. With a 256 KB stack the NAD rules overflow on a config nested
    // 990 deep (test/hardening/serverRuleFailure.test.ts does the same to the server).
    const overflow = join(hostile, 'overflow');
    writeFileSync(`${overflow}.yaml`, deepJsonNad(990));
    seen.push(...checkRun([`${overflow}.yaml`], ['--stack-size=256']));
  });

  after(() => rmSync(hostile, { recursive: true, force: true }));

  it('sees every code of diagnosticCodes.ts that a rule still emits', () => {
    const emitted = new Set(seen.map((d) => d.code));
    const live = Object.entries(DIAGNOSTIC_CODES)
      .filter(([code, entry]) => !('retired' in entry) && !EDITOR_ONLY.has(code))
      .map(([code]) => code);
    assert.deepEqual(
      live.filter((code) => !emitted.has(code)),
      [],
      'codes without a fixture that produces them (add one to test/fixtures/validation)',
    );
    const retired = Object.keys(DIAGNOSTIC_CODES).filter((code) => !live.includes(code));
    assert.deepEqual(
      retired.filter((code) => emitted.has(code)),
      [],
      'a code marked retired is still emitted',
    );
  });

  it(`the first sentence says what is wrong in under ${HEADLINE_LIMIT} characters`, () => {
    const long = seen
      .filter((d) => headline(d.message).length >= HEADLINE_LIMIT)
      .map((d) => `${d.code} (${headline(d.message).length}): ${headline(d.message)}`);
    assert.deepEqual([...new Set(long)], []);
  });

  it('no message cites upstream files or uses unexplained shorthand (PLG, MUL, WA, NADC, ADM, NPWG)', () => {
    const citing = seen.filter((d) => CITATION.test(d.message)).map((d) => `${d.code}: ${d.message}`);
    assert.deepEqual([...new Set(citing)], []);
  });

  it('the headline rule itself: first sentence, "e.g." inside it', () => {
    assert.equal(headline('Short. Then more.'), 'Short.');
    assert.equal(headline('Write a number (e.g. 100). Then more.'), 'Write a number (e.g. 100).');
    assert.equal(headline('Did you mean "x"? More.'), 'Did you mean "x"?');
    assert.equal(headline('No end'), 'No end');
  });
});
