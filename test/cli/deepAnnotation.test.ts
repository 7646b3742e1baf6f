import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';
import { tempDir } from '../tempDir';

/** A pod whose JSON-form networks annotation holds `inner`. */
function podFile(inner: string): string {
  const dir = tempDir('deep');
  const path = join(dir, 'pod.yaml');
  const annotation = `k8s.v1.cni.cncf.io/networks: '${inner}'`;
  writeFileSync(
    path,
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\n  annotations:\n    ${annotation}\nspec: {}\n`,
  );
  return path;
}

// Regression: a deeply nested JSON annotation overflowed the stack in the preview (a crash) and
// in the annotation rules (found by the lead while reviewing the recursive Go-syntax scanner).
describe('deeply nested JSON in the networks annotation', () => {
  it("past Go's 10000 levels: Multus' own error from check and preview, no crash", () => {
    const path = podFile('['.repeat(100_000) + ']'.repeat(100_000));
    const check = runCli('check', '--format', 'json', path);
    assert.equal(check.status, 1, check.stderr);
    const [diagnostic] = JSON.parse(check.stdout).diagnostics;
    assert.equal(diagnostic.code, 'annotation-networks-invalid');
    // encoding/json scanner.go pushParseState: s.error(c, "exceeded max depth")
    assert.match(diagnostic.message, /invalid character '\[' exceeded max depth/);
    const preview = runCli('preview', '--format', 'network-status', path);
    assert.equal(preview.status, 1, preview.stderr);
    assert.match(JSON.parse(preview.stdout)['default/deep'].error, /exceeded max depth/);
  });

  it('5000 levels inside an element: the Go type error, no crash', () => {
    const path = podFile(`[{"name": "x", "cni-args": ${'['.repeat(5000)}${']'.repeat(5000)}}]`);
    const check = runCli('check', '--format', 'json', path);
    assert.equal(check.status, 1, check.stderr);
    assert.match(JSON.parse(check.stdout).diagnostics[0].message, /cannot unmarshal array into Go struct field/);
    const preview = runCli('preview', '--format', 'network-status', path);
    assert.equal(preview.status, 1, preview.stderr);
  });
});
