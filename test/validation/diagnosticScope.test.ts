import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTIC_CODES, diagnosticScope } from '../../engine';

// The editor recomputes across files exactly the codes that declare scope 'workspace'; a code the
// cross-document rules emit without that scope would be checked by the CLI and missed by the editor.
const CROSS_DOCUMENT_RULES = join(__dirname, '..', '..', '..', 'engine', 'validation', 'crossDocumentRules.ts');

test('every code the cross-document rules emit is a workspace code', () => {
  const source = readFileSync(CROSS_DOCUMENT_RULES, 'utf8');
  const emitted = [...source.matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)]
    .map((match) => match[1])
    .filter((word) => Object.hasOwn(DIAGNOSTIC_CODES, word));
  assert.ok(emitted.includes('nad-duplicate'), `found ${emitted.join(', ')}`);
  assert.deepEqual(
    emitted.filter((code) => diagnosticScope(code) !== 'workspace'),
    [],
  );
});

test('the workspace codes include the three the editor used to miss, and no document-only code', () => {
  for (const code of ['nad-duplicate', 'nad-cni-name-shared', 'nad-ranges-overlap', 'reference-not-found'])
    assert.equal(diagnosticScope(code), 'workspace', code);
  assert.equal(diagnosticScope('yaml-syntax'), 'document');
  assert.equal(diagnosticScope('no-such-code'), 'document');
});
