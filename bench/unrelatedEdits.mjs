// Server CPU per edit to a document unrelated to a large open file (issue 15's goal: <= 5 ms), for
// `npm run bench:lsp` (lspBench.mjs prints it in its goals table). A 5000-NAD file of the harness's
// corpus is opened and fully diagnosed; then a keystroke at a time goes to a second document while
// the server's CPU is read from /proc:
//   - `no NAD`: a ConfigMap (nothing of ours in it);
//   - `other NAD`: a NAD in a file of its own whose name, CNI name and master no NAD of the large
//     file shares (an edit there changes the workspace index, not the large file's findings).
// Each edit waits for the server to go quiet; the large file must get no publish meanwhile.
// Runs on its own too: node bench/unrelatedEdits.mjs [NADS] (BENCH_NODE_ARGS as in bench/README.md).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EDITS = 40;
/** Longer than the server's wait before it re-checks other open documents (RECHECK_DELAY_MS, 200). */
const QUIET_MS = 300;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const CONFIG_MAP = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', 'data:', '  level: a', ''];
const OTHER_NAD = [
  'apiVersion: k8s.cni.cncf.io/v1',
  'kind: NetworkAttachmentDefinition',
  'metadata:',
  '  name: elsewhere-a',
  'spec:',
  '  config: \'{"cniVersion": "0.3.1", "name": "elsewhere", "type": "bridge", "bridge": "br-elsewhere", "ipam": {}}\'',
  '',
];

/**
 * Server CPU ms per edit (mean over the edits) of the last character of line 3 or 5 of each unrelated document,
 * and how many publishes the large file got during those edits.
 */
export async function unrelatedEdits({ harness, nads = 5000, nodeArgs = [] }) {
  const { makeSingleFile } = await import(pathToFileURL(join(harness, 'lib', 'corpus.mjs')).href);
  const server = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(server.stdout),
    new StreamMessageWriter(server.stdin),
  );
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({ debounceMs: 0 })));
  connection.onRequest(() => null);
  const publishes = new Map();
  connection.onNotification('textDocument/publishDiagnostics', ({ uri }) =>
    publishes.set(uri, (publishes.get(uri) ?? 0) + 1),
  );
  connection.onNotification(() => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const big = 'file:///bench/large.yaml';
  const open = (uri, text) =>
    connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  await open(big, makeSingleFile(nads).text);
  while (!publishes.has(big)) await sleep(50);
  const results = {};
  for (const [name, lines, line] of [
    ['no NAD', CONFIG_MAP, 5],
    ['other NAD', OTHER_NAD, 3],
  ]) {
    const uri = `file:///bench/${name.replace(' ', '-')}.yaml`;
    await open(uri, lines.join('\n'));
    await sleep(QUIET_MS);
    const bigBefore = publishes.get(big);
    // The sum over all edits: /proc counts CPU in 10 ms ticks, finer than one edit costs.
    const before = cpuMs(server.pid);
    for (let version = 2; version < 2 + EDITS; version++) {
      const character = lines[line].length - 1;
      const range = { start: { line, character }, end: { line, character: character + 1 } };
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range, text: version % 2 ? 'a' : 'b' }],
      });
      await sleep(QUIET_MS);
    }
    results[name] = {
      cpuPerEdit: (cpuMs(server.pid) - before) / EDITS,
      largeFilePublishes: publishes.get(big) - bigBefore,
    };
  }
  const exited = new Promise((done) => server.once('exit', done));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await Promise.race([exited, sleep(10_000)]);
  connection.dispose();
  server.kill();
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const harness = resolve(process.env.LSPBENCH_DIR ?? join(ROOT, '..', 'shared', 'lspbench'));
  console.log(await unrelatedEdits({ harness, nads: Number(process.argv[2] ?? 5000), nodeArgs }));
}
