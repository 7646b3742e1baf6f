import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runEngine } from './engineInvariants';

/**
 * Inputs the properties found, kept as plain tests so they run first and stay fixed. Each
 * names the property and the seed that found it.
 */
describe('hardening regressions', () => {
  it('a YAML error at the very end of a half-typed file stays inside the document (engine prefixes, CI seed)', () => {
    // The yaml library reports "missing value" at [length, length + 1].
    const text = 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: [a';
    const diagnostics = runEngine(text);
    assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && d.range[1] === text.length));
  });
});
