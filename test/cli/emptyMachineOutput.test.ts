import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './cliRunner';

// A pipe (`multus-nad preview --format json ... | jq`, a SARIF upload) must read the format's empty
// value when there is nothing to report, and never the explanation meant for a person (issue 11).
const NO_PODS = 'no pods found: give files or folders with Pods that carry k8s.v1.cni.cncf.io/networks\n';
const NADS_ONLY = 'test/fixtures/validation/cli/clean.yaml';

describe('machine-readable output when there is nothing to report (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'multus-nad-empty-'));
  const emptyFile = join(dir, 'empty.yaml');
  writeFileSync(emptyFile, '');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('preview --format network-status without pods: {} on stdout, the reason on stderr', () => {
    const run = runCli('preview', '--format', 'network-status', NADS_ONLY);
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(run.stdout), {});
    assert.equal(run.stdout, '{}\n');
    assert.equal(run.stderr, NO_PODS);
  });

  it('preview --format json without pods: {"pods": []} on stdout, the reason on stderr', () => {
    const run = runCli('preview', '--format', 'json', NADS_ONLY);
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(run.stdout), { pods: [] });
    assert.equal(run.stderr, NO_PODS);
  });

  it('preview (text) without pods: nothing on stdout, the reason on stderr', () => {
    const run = runCli('preview', NADS_ONLY);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, NO_PODS);
  });

  // A folder with no YAML at all is a usage mistake (exit 2, issue 18 point 10): test/cli/emptyFolder.test.ts.
  for (const [label, input] of [['an empty file', emptyFile]] as const) {
    it(`check --format json on ${label}: a report with no files and no diagnostics`, () => {
      const run = runCli('check', '--format', 'json', input);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as { files: number; diagnostics: unknown[]; skipped: unknown[] };
      assert.equal(report.files, 0);
      assert.deepEqual(report.diagnostics, []);
      assert.equal(report.skipped.length, input === emptyFile ? 1 : 0);
    });

    it(`check --format sarif on ${label}: a SARIF 2.1.0 log with one run and no results`, () => {
      const run = runCli('check', '--format', 'sarif', input);
      assert.equal(run.status, 0, run.stderr);
      const log = JSON.parse(run.stdout) as {
        version: string;
        runs: { tool: { driver: { name: string } }; results: unknown[] }[];
      };
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      assert.equal(log.runs[0].tool.driver.name, 'multus-nad');
      assert.deepEqual(log.runs[0].results, []);
    });
  }
});
