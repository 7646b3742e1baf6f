import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionList, Diagnostic, Position, TextEdit } from 'vscode-languageserver';
import { parse as parseYaml } from 'yaml';
import { ListPodsRequest, type PodSummary } from '../../server/src/protocol';
import { LspTestClient } from './lspClient';
import { applyEdits } from './serviceHelper';

// Issue 18, points 2 to 5 and 10 (server side), through the built server over stdio.

const SERVER = 'dist/server.js';

/** The text VS Code inserts for a snippet when the user accepts the defaults: placeholders become their text. */
function snippetText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_all, inner: string) => inner)
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/** VS Code keeps an item only when its range is on one line and contains the cursor (its completion model). */
function vscodeKeeps(edit: TextEdit, cursor: Position): boolean {
  const { start, end } = edit.range;
  return (
    start.line === cursor.line &&
    end.line === cursor.line &&
    start.character <= cursor.character &&
    cursor.character <= end.character
  );
}

function configOf(text: string): string {
  return (parseYaml(text) as { spec: { config: string } }).spec.config;
}

describe('the first hour in the editor, over LSP', () => {
  let workspace: string;
  let client: LspTestClient;
  const logs: string[] = [];
  const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();
  const nadText = () => readFileSync(join(workspace, 'macvlan-conf.yaml'), 'utf8');
  let initializeResult: { capabilities: { completionProvider?: { triggerCharacters?: string[] } } };

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'multus-nad-first-hour-'));
    cpSync('examples/seed-lab', workspace, { recursive: true });
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    client.connection.onNotification('window/logMessage', (params: { message: string }) => {
      logs.push(params.message);
    });
    initializeResult = (await client.initialize(pathToFileURL(workspace).toString())) as typeof initializeResult;
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  const waitFor = (name: string, test: (list: Diagnostic[]) => boolean) => client.waitForDiagnostics(uri(name), test);
  const hasCode = (code: string) => (list: Diagnostic[]) => list.some((d) => d.code === code);

  it('logs its start, the settings and model in force, and the indexing time', async () => {
    await waitFor('samplepod.yaml', () => true).catch(() => undefined);
    await client.open(uri('macvlan-conf.yaml'), nadText());
    await waitFor('macvlan-conf.yaml', hasCode('host-local-multi-node'));
    const all = logs.join('\n');
    assert.match(all, /language server started/);
    assert.match(all, /Settings: \{.*"debounceMs":10/);
    assert.match(all, /Cluster model: the embedded cluster/);
    assert.match(all, /Indexed the workspace: 3 YAML files, 1 NADs, 2 annotated pods in \d+ ms/);
  });

  it('does not count an untitled document as a workspace pod', async () => {
    const pod = readFileSync(join(workspace, 'samplepod.yaml'), 'utf8');
    await client.open('untitled:Untitled-1', pod);
    await client.waitForDiagnostics('untitled:Untitled-1', () => true);
    const pods = await client.request<PodSummary[]>(ListPodsRequest.method, {});
    assert.deepEqual(pods.map((p) => p.location.uri).sort(), [uri('samplepod.yaml'), uri('samplepod2.yaml')].sort());
    const nad = await waitFor('macvlan-conf.yaml', hasCode('host-local-multi-node'));
    const message = String(nad.find((d) => d.code === 'host-local-multi-node')?.message ?? '');
    // A plain sentence (issue 18 point 9), not "Pod samplepod, Pod samplepod2 can run".
    assert.match(message, /\. Pod samplepod and Pod samplepod2 can run 2 pods on different nodes\./);
  });

  it('registers " and : as completion trigger characters', () => {
    const triggers = initializeResult.capabilities.completionProvider?.triggerCharacters ?? [];
    assert.ok(triggers.includes('"') && triggers.includes(':'), JSON.stringify(triggers));
  });

  it('after a lone " in spec.config offers keys VS Code keeps; accepting "mtu" gives valid JSON', async () => {
    const original = nadText();
    const anchor = '"mode": "bridge",\n';
    const at = original.indexOf(anchor) + anchor.length;
    const text = `${original.slice(0, at)}      "\n${original.slice(at)}`;
    const line = original.slice(0, at).split('\n').length - 1;
    const cursor = { line, character: 7 };
    await client.change(uri('macvlan-conf.yaml'), text, 2);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri('macvlan-conf.yaml') },
      position: cursor,
    });
    const kept = list.items.filter((item) => item.textEdit && vscodeKeeps(item.textEdit as TextEdit, cursor));
    assert.equal(kept.length, list.items.length, 'every item survives VS Code');
    const mtu = kept.find((item) => item.label === 'mtu');
    assert.ok(mtu, kept.map((item) => item.label).join(', '));
    const edit = mtu.textEdit as TextEdit;
    const accepted = applyEdits(text, [{ range: edit.range, newText: snippetText(edit.newText) }]);
    const config = JSON.parse(configOf(accepted)) as { mtu?: unknown; ipam?: unknown };
    assert.ok('mtu' in config && config.ipam, configOf(accepted));

    // The lone quote itself is one mistake: one json-syntax error, in words.
    const diagnostics = await waitFor('macvlan-conf.yaml', hasCode('json-syntax'));
    const syntax = diagnostics.filter((d) => d.code === 'json-syntax');
    assert.equal(syntax.length, 1, JSON.stringify(syntax.map((d) => d.message)));
    assert.doesNotMatch(String(syntax[0].message), /InvalidSymbol|UnexpectedEndOf|[A-Z][a-z]+Expected/);
  });

  it('offers the comma fix first, as the only preferred action, on a missing comma', async () => {
    const text = nadText().replace('"mode": "bridge",', '"mode": "bridge"');
    await client.change(uri('macvlan-conf.yaml'), text, 3);
    const isComma = (d: Diagnostic) => d.code === 'json-syntax' && /comma is missing/.test(String(d.message));
    const diagnostics = await waitFor('macvlan-conf.yaml', (list) => list.some(isComma));
    const comma = diagnostics.find(isComma) as Diagnostic;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('macvlan-conf.yaml') },
      range: { start: comma.range.start, end: comma.range.start },
      context: { diagnostics },
    });
    assert.equal(actions[0]?.title, 'Insert the missing comma', actions.map((a) => a.title).join(' | '));
    assert.deepEqual(
      actions.map((a) => a.isPreferred === true),
      actions.map((_a, index) => index === 0),
    );
    const fixed = applyEdits(text, actions[0].edit?.changes?.[uri('macvlan-conf.yaml')] ?? []);
    assert.doesNotThrow(() => JSON.parse(configOf(fixed)));
    await client.change(uri('macvlan-conf.yaml'), nadText(), 4);
  });
});
