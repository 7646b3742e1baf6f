// The `multus-nad check` contract (ARCHITECTURE.md "CLI contract"): formats, exit codes, skipped files, folders.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkJson, FIXTURES, positionOf, ROOT, runCli } from './cliHarness';

const cli = (name: string) => join(FIXTURES, 'cli', name);
const mode = positionOf(readFileSync(cli('broken.yaml'), 'utf8'), '"bridge"');

test('a clean file: exit 0, no diagnostics above information', () => {
  const result = checkJson([cli('clean.yaml')]);
  assert.equal(result.status, 0);
  assert.equal(result.files, 1);
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'),
    [],
  );
});

test('an error: exit 1, reported like a compiler in text form', () => {
  const run = runCli(['check', cli('broken.yaml')]);
  assert.equal(run.status, 1);
  const line = run.stdout.split('\n').find((l) => l.includes('plugin-mode-unknown'));
  assert.ok(
    line?.includes(`broken.yaml:${mode.line}:${mode.column}: error plugin-mode-unknown: unknown ipvlan mode: "bridge"`),
    line,
  );
  assert.match(run.stdout, /1 error, 0 warnings, 1 information in 1 file\n$/);
});

test('usage and I/O problems: exit 2', () => {
  assert.equal(runCli(['check', cli('missing.yaml')]).status, 2);
  assert.equal(runCli(['check', '--format', 'xml', cli('clean.yaml')]).status, 2);
  assert.equal(runCli(['check']).status, 2);
});

test('files that are not YAML or not Kubernetes are skipped with a note, never a crash', () => {
  const json = checkJson([cli('notes.md'), cli('values.yaml'), cli('clean.yaml')]);
  assert.equal(json.status, 0);
  assert.equal(json.files, 1);
  assert.deepEqual(json.skipped.map((s) => s.file.replace(/.*\//, '')).sort(), ['notes.md', 'values.yaml']);
  const text = runCli(['check', cli('notes.md'), cli('values.yaml')]);
  assert.equal(text.status, 0);
  assert.match(text.stderr, /values\.yaml: skipped: no Kubernetes objects/);
});

test('folders are walked for *.yaml and *.yml', () => {
  const json = checkJson([join(FIXTURES, 'cli')]);
  assert.equal(json.status, 1);
  assert.deepEqual(
    [...new Set(json.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file.replace(/.*\//, '')))],
    ['broken.yaml'],
  );
});

test('SARIF 2.1.0 for code scanning: one result per diagnostic, rules by code', () => {
  const run = runCli(['check', '--format', 'sarif', cli('broken.yaml')]);
  assert.equal(run.status, 1);
  const sarif = JSON.parse(run.stdout) as {
    version: string;
    runs: {
      tool: { driver: { rules: { id: string; helpUri?: string; help?: { markdown: string } }[] } };
      results: {
        ruleId: string;
        level: string;
        locations: { physicalLocation: { region: Record<string, number> } }[];
      }[];
    }[];
  };
  assert.equal(sarif.version, '2.1.0');
  const result = sarif.runs[0].results.find((r) => r.ruleId === 'plugin-mode-unknown')!;
  assert.equal(result.level, 'error');
  assert.deepEqual(result.locations[0].physicalLocation.region, {
    startLine: mode.line,
    startColumn: mode.column,
    endLine: mode.line,
    endColumn: mode.column + '"bridge"'.length,
  });
  const rule = sarif.runs[0].tool.driver.rules.find((r) => r.id === 'plugin-mode-unknown');
  // helpUri: the installed package's page for the code (docs/diagnostics), which exists; help: its text.
  const page = join(ROOT, 'docs', 'diagnostics', 'plugin-mode-unknown.md');
  assert.equal(rule?.helpUri, pathToFileURL(page).href);
  assert.ok(existsSync(fileURLToPath(rule.helpUri)), rule.helpUri);
  assert.equal(rule.help?.markdown, readFileSync(page, 'utf8'));
  const withoutHelp = sarif.runs[0].tool.driver.rules.filter((r) => !r.helpUri || !r.help).map((r) => r.id);
  assert.deepEqual(withoutHelp, [], 'every rule links its page');
});

test('address math never enumerates: a /8, IPv6 /64 and /8 ranges check at once', () => {
  const started = process.hrtime.bigint();
  const json = checkJson([cli('wide-ranges.yaml')]);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(json.status, 0);
  assert.ok(
    json.diagnostics.some((d) => d.code === 'ipam-whereabouts-exclude-masked'),
    'fe00::/9 lies outside fd00::/8: reported',
  );
  // The CLI's start-up dominates; enumerating even the /64 would take years.
  assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`);
});
