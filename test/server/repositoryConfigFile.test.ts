import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver';
import { LspTestClient } from './lspClient';
import { tempDir } from '../tempDir';

// Issue 13: editing a .multus-nad.yaml in OUR language server (built, over LSP): completion and
// hover from schemas/multus-nad-config.schema.json, and each wrong key or value marked with the
// fix, in the words `check` uses when it refuses the file.

const SERVER = 'dist/server.js';

describe('editing .multus-nad.yaml in the built language server', () => {
  let workspace: string;
  let client: LspTestClient;
  let version = 1;
  const uri = () => pathToFileURL(join(workspace, '.multus-nad.yaml')).toString();

  /** Opens (first call) or replaces the config's text; `|` marks the cursor, returned as a position. */
  async function type(textWithCursor: string): Promise<{ line: number; character: number }> {
    const offset = textWithCursor.indexOf('|');
    const text = textWithCursor.replace('|', '');
    const before = text.slice(0, offset).split('\n');
    if (version === 1) await client.open(uri(), text, version);
    else await client.change(uri(), text, version);
    version++;
    return { line: before.length - 1, character: before[before.length - 1].length };
  }
  const complete = async (text: string) =>
    client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri() },
      position: await type(text),
    });
  const hover = async (text: string) => {
    const result = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: uri() },
      position: await type(text),
    });
    return result && (result.contents as MarkupContent).value;
  };
  const docOf = (list: CompletionList, label: string) =>
    (list.items.find((item) => item.label === label)?.documentation as MarkupContent | undefined)?.value;

  before(async () => {
    workspace = tempDir('config-file');
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client.stop();
  });

  it('completes the top-level keys not written yet, each with its description', async () => {
    const list = await complete('rules:\n  ipam-default-route: off\n|');
    assert.deepEqual(list.items.map((item) => item.label).sort(), ['clusterModel', 'ignore', 'pluginVersion']);
    assert.match(docOf(list, 'pluginVersion') ?? '', /v1\.1\.1` \(Debian's containernetworking-plugins\)/);
    assert.equal(list.items.find((item) => item.label === 'ignore')?.textEdit?.newText, 'ignore: ');
  });

  it('completes diagnostic codes under rules, with what each finds and its default', async () => {
    const list = await complete('rules:\n  nad-config-name-differs: off\n  ipam-|');
    const labels = list.items.map((item) => item.label);
    assert.ok(labels.includes('ipam-default-route'), labels.join(', '));
    assert.ok(labels.includes('suppression-unused'));
    assert.ok(!labels.includes('nad-config-name-differs'), 'a code already set is not offered again');
    assert.equal(docOf(list, 'ipam-default-route'), 'A secondary network installs a default route. Default: warning.');
  });

  it('completes a rule setting with the five severities, the rule default marked', async () => {
    const list = await complete('rules:\n  ipam-default-route: |');
    assert.deepEqual(
      list.items.map((item) => item.label),
      ['error', 'warning', 'information', 'hint', 'off'],
    );
    assert.deepEqual(
      list.items.filter((item) => item.detail === 'the default').map((item) => item.label),
      ['warning'],
    );
    const dhcp = await complete('rules:\n  ipam-dhcp-daemon: w|');
    assert.deepEqual(
      dhcp.items.filter((item) => item.detail === 'the default').map((item) => item.label),
      ['information'],
    );
  });

  it('completes the pluginVersion values', async () => {
    const list = await complete('ignore: ["vendor/**"]\npluginVersion: |');
    assert.deepEqual(
      list.items.map((item) => item.label),
      ['current', 'v1.1.1'],
    );
  });

  it('hovers keys, rule codes and values with their descriptions', async () => {
    assert.match(
      (await hover('rules:\n  ipam-def|ault-route: off\n')) ?? '',
      /^\*\*ipam-default-route\*\*\n\nA secondary network installs a default route\. Default: warning\.$/,
    );
    assert.match((await hover('rules:\n  ipam-default-route: of|f\n')) ?? '', /^\*\*ipam-default-route\*\* = `off`/);
    assert.match((await hover('clusterMo|del: lab/cluster.yaml\n')) ?? '', /relative to the folder of this file/);
    assert.match((await hover('ignore:\n  - "vendor/**"\nplugin|Version: v1.1.1\n')) ?? '', /Debian's/);
  });

  it('marks each wrong key or value with the fix, and clears the marks once fixed', async () => {
    await type(
      [
        'rules:',
        '  ipam-default-rout: off',
        '  nad-config-name-differs: loud',
        'pluginVerison: v1.1.1',
        'clusterModel: lab.yaml',
        'ignore: vendor/**',
        '|',
      ].join('\n'),
    );
    const marks = (list: Diagnostic[]) =>
      list.map(
        (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.character + 1} ${d.message}`,
      );
    // Four marks: an earlier text's publish (one mark) may still be on its way.
    const diagnostics = await client.waitForDiagnostics(uri(), (list) => list.length === 4);
    assert.deepEqual(marks(diagnostics), [
      '2:3-20 rules: unknown diagnostic code "ipam-default-rout" (did you mean "ipam-default-route"?)',
      '3:28-32 rules.nad-config-name-differs: "loud" is not one of error, warning, information, hint, off',
      '4:1-14 unknown key "pluginVerison" (did you mean "pluginVersion"?); known keys: rules, ignore, clusterModel, pluginVersion',
      '6:9-18 `ignore` must be a list of glob strings, e.g. ["vendor/**"]',
    ]);
    assert.ok(diagnostics.every((d) => d.severity === 1 && d.source === 'multus-nad'));
    await type('rules:\n  ipam-default-route: off\npluginVersion: v1.1.1\nignore: ["vendor/**"]\n|');
    assert.deepEqual(await client.waitForDiagnostics(uri(), (list) => list.length === 0), []);
  });

  it('contributes the schema to Red Hat YAML (yamlValidation) for the same file name', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      contributes: { yamlValidation?: { fileMatch: string; url: string }[] };
    };
    const entry = manifest.contributes.yamlValidation?.find((item) =>
      item.url.endsWith('multus-nad-config.schema.json'),
    );
    assert.ok(entry, 'package.json contributes.yamlValidation names schemas/multus-nad-config.schema.json');
    assert.ok(existsSync(entry.url), `${entry.url} exists`);
    // vscode-yaml (src/extension.ts getSchemaAssociations) prefixes a bare name with "/", and
    // yaml-language-server matches the pattern against the end of the file URI.
    assert.equal(`/${entry.fileMatch}`, '/.multus-nad.yaml');
  });
});
