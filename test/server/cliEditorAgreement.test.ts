import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readManifestFiles } from '../../cli/manifestFiles';
import { checkManifestSet, readManifestSet } from '../../engine';
import { MultusLanguageService } from '../../server/src/languageservice/languageService';
import { positionOf } from './serviceHelper';

// The same workspace through the CLI's check (checkManifestSet over every file at once) and through
// the language service's per-file diagnostics (every file on disk in its index) must give the
// same set of code + file + range (issue 12). The server only analyses files that are ours (NADs
// or pods with Multus annotations), so the CLI's findings in other files are left out.

const ROOT = join(__dirname, '..', '..', '..');
const CORPUS = resolve(process.env.MULTUS_NAD_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));

type Finding = string;

function cliFindings(dir: string): { findings: Set<Finding>; texts: Map<string, string> } {
  const files = readManifestFiles([dir]);
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const findings = new Set<Finding>();
  for (const d of checkManifestSet(readManifestSet(files))) {
    const text = texts.get(d.file) ?? '';
    findings.add(describe(d.code, d.file, positionOf(text, d.range[0]), positionOf(text, d.range[1])));
  }
  return { findings, texts };
}

function editorFindings(texts: Map<string, string>): { findings: Set<Finding>; ours: Set<string> } {
  const service = new MultusLanguageService();
  const uriOf = (path: string) => pathToFileURL(resolve(path)).toString();
  for (const [path, text] of texts) service.updateDisk(uriOf(path), text);
  const findings = new Set<Finding>();
  const ours = new Set<string>();
  for (const path of texts.keys()) {
    const model = service.model(uriOf(path));
    if (!model?.ours) continue;
    ours.add(path);
    for (const d of service.diagnostics(model))
      findings.add(describe(String(d.code), path, d.range.start, d.range.end));
  }
  return { findings, ours };
}

function describe(
  code: string,
  file: string,
  start: { line: number; character: number },
  end: { line: number; character: number },
): Finding {
  return `${code} ${file}:${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** The findings only one side has, grouped by code: `code: [cli-only count, editor-only count]`. */
function differences(dir: string): Record<string, [number, number]> {
  const cli = cliFindings(dir);
  const editor = editorFindings(cli.texts);
  const byCode: Record<string, [number, number]> = {};
  const count = (finding: Finding, side: 0 | 1) => {
    const code = finding.split(' ')[0];
    (byCode[code] ??= [0, 0])[side]++;
  };
  for (const f of cli.findings) {
    const file = f.slice(f.indexOf(' ') + 1).replace(/:\d+:\d+-\d+:\d+$/, '');
    if (editor.ours.has(file) && !editor.findings.has(f)) count(f, 0);
  }
  for (const f of editor.findings) if (!cli.findings.has(f)) count(f, 1);
  return byCode;
}

/**
 * What differs today on the corpus, by code: [CLI only, editor only]. The workspace codes wait for
 * the server to recompute workspaceDiagnosticCodes() across files (issue 12, server part); the
 * YAML/JSON syntax and k8s-container-name-invalid rows are the editor analysing one document at a
 * time where the CLI parses the whole file. The test fails when a row changes either way: a gap
 * closed must be deleted here, a new one is a regression.
 */
const KNOWN_CORPUS_GAPS: Record<string, [number, number]> = {
  'annotation-static-ip-unsupported': [1, 0],
  'nad-cni-name-shared': [12, 0],
  'nad-duplicate': [29, 0],
  'nad-ranges-overlap': [7, 0],
  'reference-not-found': [6, 0],
  'yaml-syntax': [8, 1],
  'json-syntax': [0, 1],
  'yaml-quoted-indentation': [0, 1],
  'k8s-container-name-invalid': [1, 0],
};

test('CLI check and editor diagnostics agree on examples/', () => {
  assert.deepEqual(differences(join(ROOT, 'examples')), {});
});

test('CLI check and editor diagnostics on the corpus differ only by the known gaps', () => {
  assert.ok(existsSync(CORPUS), `${CORPUS} is missing (MULTUS_NAD_CORPUS names another corpus)`);
  assert.deepEqual(differences(CORPUS), KNOWN_CORPUS_GAPS);
});
