import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';
import { checkKey, editorKeys, type CheckJsonDiagnostic } from '../shared/diagnosticKeys';

// Issue 12 / issue 18 point 1: the same folder through `multus-nad check` and through the editor
// gives the same code + file + range, cross-file rules included, and the editor gets there
// without an edit (the files are opened right after `initialized`, before indexing is done).

const SERVER = 'dist/server.js';
const CLI = 'bin/multus-nad.js';
const CORPUS = process.env.MULTUS_NAD_CORPUS ?? join('..', 'shared', 'corpus');

/** What `check --format json` reports, by absolute file path. */
function cliDiagnostics(folder: string): Map<string, string[]> {
  const output = (() => {
    try {
      return execFileSync(process.execPath, [CLI, 'check', '--format', 'json', folder], { encoding: 'utf8' });
    } catch (error) {
      return (error as { stdout: string }).stdout; // exit 1: errors were found
    }
  })();
  const byFile = new Map<string, string[]>();
  for (const d of (JSON.parse(output) as { diagnostics: CheckJsonDiagnostic[] }).diagnostics) {
    const path = resolve(d.file);
    byFile.set(path, [...(byFile.get(path) ?? []), checkKey(d)].sort());
  }
  return byFile;
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry) ? [resolve(path)] : [];
    });
}

/** Opens every YAML file of `folder` in a server whose workspace is `folder`; each file's diagnostics must reach the CLI's. */
function agreesWithCheck(folder: string, timeoutMs: number, onlyOpen?: string) {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    await client.initialize(pathToFileURL(resolve(folder)).toString());
  });
  after(() => client.stop());

  it(`${folder}${onlyOpen ? ` (only ${onlyOpen} open)` : ''}: diagnostics equal check's, cross-file rules included`, async () => {
    const expected = cliDiagnostics(folder);
    const files = yamlFiles(folder).filter((path) => !onlyOpen || path.endsWith(onlyOpen));
    for (const path of files) await client.open(pathToFileURL(path).toString(), readFileSync(path, 'utf8'));
    const mismatches: string[] = [];
    // Files with findings first; then the rest, where a publish (if any) must come to nothing.
    const ordered = [...files].sort((a, b) => Number(!expected.has(a)) - Number(!expected.has(b)));
    for (const path of ordered) {
      const uri = pathToFileURL(path).toString();
      const want = (expected.get(path) ?? []).join(', ');
      if (want === '' && client.latestDiagnostics(uri) === undefined) continue;
      const got = await client
        .waitForDiagnostics(uri, (list) => editorKeys(list).join(', ') === want, timeoutMs)
        .catch(() => client.latestDiagnostics(uri) ?? []);
      if (editorKeys(got).join(', ') !== want)
        mismatches.push(`${path}\n  editor: ${editorKeys(got).join(', ')}\n  check:  ${want}`);
    }
    assert.deepEqual(mismatches, []);
  });
}

describe('the editor and check agree', () => {
  for (const folder of readdirSync('examples').sort()) {
    describe(`examples/${folder}`, () => agreesWithCheck(join('examples', folder), 10_000));
  }
  // Issue 18 point 1: host-local-multi-node needs the pods of the unopened files.
  describe('examples/seed-lab, the NAD opened alone', () =>
    agreesWithCheck(join('examples', 'seed-lab'), 10_000, 'macvlan-conf.yaml'));
  describe('the corpus as one workspace', () => {
    it('has the corpus to read', () => assert.ok(existsSync(CORPUS), `no corpus at ${CORPUS} (../shared/corpus)`));
    agreesWithCheck(CORPUS, 30_000);
  });
});
