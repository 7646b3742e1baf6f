import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import * as hostile from './hostileInputs';
import { isCancelledError, LspSession } from './lspSession';

const SMALL_URI = 'file:///resilience/small.yaml';
const SMALL = hostile.nadWithBlockConfig('small', '{\n  "cniVersion": "0.3.1",\n  "type": "macvlan",\n  \n}');
/** Inside the JSON object of SMALL, on its empty line: where a user asks for keys. */
const IN_CONFIG = { line: 9, character: 6 };

type CompletionAnswer = { items?: unknown[] } | unknown[] | null;

function completionItems(answer: CompletionAnswer): unknown[] {
  return Array.isArray(answer) ? answer : (answer?.items ?? []);
}

function completionAt(session: LspSession, uri: string) {
  return session.request<CompletionAnswer>('textDocument/completion', { textDocument: { uri }, position: IN_CONFIG });
}

/** A request whose answer proves the server has processed everything sent before it. */
function barrier(session: LspSession): Promise<unknown> {
  return session.request('textDocument/documentSymbol', { textDocument: { uri: SMALL_URI } });
}

describe('server resilience over real LSP (dist/server.js)', () => {
  const session = new LspSession();
  before(async () => {
    await session.initialize();
    await session.open(SMALL_URI, SMALL);
    await barrier(session);
  });
  after(() => session.stop());

  it('a completion is answered while a 10 MB file is still being validated; a cancelled request gets RequestCancelled', async () => {
    const hugeUri = 'file:///resilience/huge.yaml';
    await session.open(hugeUri, hostile.manyNads(10_000_000));
    const answered = completionAt(session, SMALL_URI);
    const cancelled = session.requestCancelled('textDocument/completion', {
      textDocument: { uri: SMALL_URI },
      position: IN_CONFIG,
    });
    assert.ok(completionItems(await answered).length > 0, 'completion items inside spec.config');
    // Responsive, not just eventually answered: the answer comes while the big file is still being checked.
    assert.equal(session.latest(hugeUri), undefined, 'answered before the 10 MB file was checked');
    const outcome = (await cancelled) as { error?: unknown };
    assert.ok(isCancelledError(outcome.error), `RequestCancelled, got ${JSON.stringify(outcome)}`);
    await session.waitFor('the huge file checked', () => !!session.latest(hugeUri));
    const diagnostics = session.latest(hugeUri)?.diagnostics ?? [];
    const notes = diagnostics.filter((d) => d.code === 'manifest-too-large');
    assert.equal(notes.length, 1, 'the "checked the first N" note');
    const checked = Number(/Checked: the first (\d+) documents/.exec(notes[0].message)?.[1]);
    assert.ok(checked > 0 && checked < 23_000, `${checked} of the file's 23,000+ documents checked`);
    // Each of these NADs has one finding (its default route): nothing past the checked ones is reported.
    assert.ok(diagnostics.length <= checked + 1, `${diagnostics.length} diagnostics for ${checked} documents`);
    assert.ok(completionItems(await completionAt(session, SMALL_URI)).length > 0, 'the next request is answered');
    await session.close(hugeUri);
  });

  it('a document closed while its validation runs leaves no diagnostics behind', async () => {
    const uri = 'file:///resilience/closing.yaml';
    // Every NAD has a JSON error, so an open file has diagnostics to publish.
    const text = hostile.manyNads(1_000_000).replace(/"mode": "bridge",/g, '"mode": "bridge",,');
    await session.open(uri, text);
    await session.close(uri);
    await barrier(session);
    const latest = session.latest(uri);
    assert.ok(!latest || latest.diagnostics.length === 0, 'the last publish for a closed file is empty');
    await session.open(uri, text, 2);
    await session.change(uri, text.replace('net-0', 'net-zero'), 3);
    await session.close(uri);
    await barrier(session);
    assert.ok((session.latest(uri)?.diagnostics.length ?? 0) === 0, 'also when closed right after an edit');
  });

  it('no failure was logged by any of the above', () => {
    assert.deepEqual(session.failures(), []);
  });
});

describe('the workspace index facing files that vanish (dist/server.js)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'multus-nad-hardening-'));
  const fileUri = (name: string) => pathToFileURL(join(folder, name)).toString();
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('files deleted between listing and reading, an unreadable one, a watched one already gone', async () => {
    const count = 200;
    const perFile = 10;
    const name = (i: number) => `nad-${String(i).padStart(3, '0')}`;
    for (let i = 0; i < count; i++) {
      const nads = Array.from({ length: perFile }, (_, j) =>
        hostile.nadWithBlockConfig(`${name(i)}-${j}`, hostile.macvlanConfig(`n${j}`, `10.1.${j}.0/24`)),
      );
      writeFileSync(join(folder, `${name(i)}.yaml`), nads.join('---\n'));
    }
    // Listed as a .yaml file but not read (over the server's size limit), like a file deleted after listing.
    writeFileSync(join(folder, 'dump.yaml'), '');
    truncateSync(join(folder, 'dump.yaml'), 17 * 1024 * 1024);
    const session = new LspSession();
    try {
      await session.initialize(pathToFileURL(folder).toString());
      const listNames = async () =>
        (await session.request<{ name: string }[]>('multus/listNads', {})).map((nad) => nad.name);
      // Once the first file is indexed the folder has been listed: delete every other file from
      // the end of the sorted listing while the server reads from its start.
      let listed = await listNames();
      while (listed.length === 0) listed = await listNames();
      let deleted = 0;
      for (let i = count - 1; i >= 0; i -= 2) {
        if (!listed.includes(`${name(i)}-0`)) {
          rmSync(join(folder, `${name(i)}.yaml`));
          deleted++;
        }
      }
      assert.ok(deleted > 0, 'some files were deleted after the listing, before the server read them');
      const kept = Array.from({ length: count / 2 }, (_, k) => `${name(2 * k)}-${perFile - 1}`);
      await session.notify('workspace/didChangeWatchedFiles', {
        changes: [{ uri: fileUri('never-there.yaml'), type: 1 }],
      });
      // Indexing runs in the background; each notification is a signal to look again.
      for (let round = 0; round < 100 && !kept.every((nad) => listed.includes(nad)); round++) {
        const seen = session.notifications;
        await session.waitFor('the next notification', () => session.notifications > seen, 5000).catch(() => undefined);
        listed = await listNames();
      }
      assert.deepEqual(
        kept.filter((nad) => !listed.includes(nad)),
        [],
        'every file that stayed is indexed',
      );
      assert.deepEqual(session.failures(), [], 'nothing logged as a failure');
    } finally {
      await session.stop();
    }
  });
});
