import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionList, Hover, MarkupContent } from 'vscode-languageserver';
import { LspTestClient } from './lspClient';
import { tempDir } from '../tempDir';

// Issue 18 point 10 leftovers, through the built server over stdio: hover on "subnet" gives the key's own
// description (facts from PLG plugins/ipam/host-local/backend/allocator/range.go Range.Canonicalize), and
// value completion for "master" offers the node interfaces of the model the editor uses (the folder's cluster.yaml).

const SERVER = 'dist/server.js';

describe('subnet hover and master completion', () => {
  let workspace: string;
  let client: LspTestClient;
  const uri = (name: string) => pathToFileURL(join(workspace, name)).toString();

  before(async () => {
    workspace = tempDir('master-subnet');
    cpSync('examples/deployment', join(workspace, 'deployment'), { recursive: true });
    cpSync('examples/seed-lab', join(workspace, 'seed-lab'), { recursive: true });
    client = new LspTestClient(SERVER, { debounceMs: 10 });
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client.stop();
  });

  /** The line and character just after the first `marker` in `text`. */
  function after_(text: string, marker: string, shift = marker.length) {
    const offset = text.indexOf(marker) + shift;
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  }

  it('hover on "subnet" says what the key is, with host-local\u2019s defaults', async () => {
    const text = readFileSync(join(workspace, 'seed-lab', 'macvlan-conf.yaml'), 'utf8');
    await client.open(uri('seed-lab/macvlan-conf.yaml'), text);
    await client.waitForDiagnostics(uri('seed-lab/macvlan-conf.yaml'), () => true);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uri('seed-lab/macvlan-conf.yaml') },
      position: after_(text, '"subnet"', 2),
    });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /^\*\*subnet\*\* \(string\): The subnet addresses are handed out from/);
    assert.match(value, /gateway defaults to network \+ 1 and is never handed out/);
  });

  it('completes "master" with the node interfaces of the folder\u2019s cluster.yaml, saying which nodes have each', async () => {
    const name = 'deployment/deployment.yaml';
    const text = readFileSync(join(workspace, name), 'utf8').replace('"master": "eth1"', '"master": ""');
    await client.open(uri(name), text);
    await client.waitForDiagnostics(uri(name), () => true);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri(name) },
      position: after_(text, '"master": "'),
    });
    const labels = list.items.map((item) => item.label);
    assert.deepEqual(labels, ['eth0', 'eth1']);
    const eth1 = list.items.find((item) => item.label === 'eth1')!;
    assert.match((eth1.documentation as MarkupContent).value, /^Host interface on cp, w1, w2 \(MTU 9000\)/);
  });

  it('in the seed lab (the embedded cluster) it offers eth0 only', async () => {
    const name = 'seed-lab/macvlan-conf.yaml';
    const text = readFileSync(join(workspace, name), 'utf8').replace('"master": "eth0"', '"master": ""');
    await client.change(uri(name), text, 2);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uri(name) },
      position: after_(text, '"master": "'),
    });
    assert.deepEqual(
      list.items.map((item) => item.label),
      ['eth0'],
    );
  });
});
