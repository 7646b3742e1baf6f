import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allInputFiles } from './inputFiles';
import { LspSession, type Position, type Published } from './lspSession';

/** At most this many prefixes per file go through the server (line starts, evenly spread). */
const PREFIXES_PER_FILE = 30;

/** Line starts of a text, thinned evenly to at most `limit`, plus the whole text. */
function lineStartCuts(text: string, limit: number): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const step = Math.max(1, Math.ceil(starts.length / limit));
  return [...starts.filter((_, i) => i % step === 0), text.length];
}

function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function endOf(text: string): Position {
  const lines = lspLines(text);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function assertInside(position: Position, lines: string[], where: string): void {
  assert.ok(position.line >= 0 && position.line < lines.length, `${where}: line ${position.line} of ${lines.length}`);
  const length = lines[position.line].length;
  assert.ok(
    position.character >= 0 && position.character <= length,
    `${where}: character ${position.character} > ${length}`,
  );
}

/** Every published diagnostic lies inside the text of the version it was published for. */
function assertPublishedInside(
  published: readonly Published[],
  texts: ReadonlyMap<number, string>,
  name: string,
): void {
  for (const publish of published) {
    const text = texts.get(publish.version ?? -1);
    assert.ok(text !== undefined, `${name}: diagnostics for unknown version ${publish.version}`);
    const lines = lspLines(text);
    for (const d of publish.diagnostics) {
      const where = `${name} v${publish.version} ${String(d.code)}`;
      assertInside(d.range.start, lines, where);
      assertInside(d.range.end, lines, where);
    }
  }
}

describe('every prefix of every example and corpus file through the built server (dist/server.js over stdio)', () => {
  const { files, skip } = allInputFiles();
  const session = new LspSession();
  before(() => session.initialize());
  after(() => session.stop());
  if (skip) it('has the corpus to read', () => assert.fail(skip));

  it(`${files.length} files, up to ${PREFIXES_PER_FILE} prefixes each: answers, no logged failure, diagnostics inside`, async () => {
    const textsByUri = new Map<string, Map<number, string>>();
    for (const file of files) {
      const uri = `file:///hardening/${file.name}`;
      const texts = new Map<number, string>([[1, '']]);
      textsByUri.set(uri, texts);
      await session.open(uri, '', 1);
      const answers: Promise<unknown>[] = [];
      let version = 1;
      for (const cut of lineStartCuts(file.text, PREFIXES_PER_FILE)) {
        const text = file.text.slice(0, cut);
        texts.set(++version, text);
        void session.change(uri, text, version);
        const position = endOf(text);
        const middle = { line: Math.floor(position.line / 2), character: 0 };
        answers.push(
          session.request('textDocument/completion', { textDocument: { uri }, position }),
          session.request('textDocument/hover', { textDocument: { uri }, position: middle }),
          session.request('textDocument/documentSymbol', { textDocument: { uri } }),
        );
      }
      // Requests are answered in order after the validation each change scheduled.
      await Promise.all(answers);
      await session.close(uri);
    }
    await session.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///hardening/none.yaml' } });
    for (const [uri, texts] of textsByUri) {
      assertPublishedInside(
        session.published.filter((p) => p.uri === uri && p.diagnostics.length > 0),
        texts,
        uri,
      );
    }
    assert.ok(
      session.published.some((p) => p.diagnostics.length > 0),
      'the server published diagnostics',
    );
    assert.deepEqual(session.failures(), [], 'the server logged no failure');
  });
});
