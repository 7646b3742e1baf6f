import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deepJsonNad, podWithNetworks } from './hostileInputs';
import { LspSession } from './lspSession';

/**
 * A rule that throws, over real LSP: the server runs with a small stack (256 KB instead of
 * about 1 MB, a limit a user's runtime may have), so the NAD rules overflow it on a config
 * nested 990 deep, which is within what is checked. The other documents' rules must still
 * report, the failure must be shown on the document and logged once with the URI.
 */
describe('an exception inside one rule (dist/server.js with --stack-size=256)', () => {
  const session = new LspSession({ validate: true, debounceMs: 0 }, ['--stack-size=256']);
  const uri = 'file:///rule-failure/mixed.yaml';
  const text = [
    deepJsonNad(990),
    podWithNetworks('bad-name', 'deep@bad/name'),
    podWithNetworks('bad-json', '[{"name": 5}]'),
  ].join('---\n');
  const failureLines = () => session.logs.filter((line) => line.includes(uri) && /fail/i.test(line));

  before(() => session.initialize());
  after(() => session.stop());

  it('the other rules report, the failure is a warning on the document and logged once with the URI', async () => {
    await session.open(uri, text);
    await session.waitFor('diagnostics', () => (session.latest(uri)?.diagnostics.length ?? 0) > 0);
    const codes = session.latest(uri)?.diagnostics.map((d) => d.code) ?? [];
    assert.equal(codes.filter((code) => code === 'annotation-networks-invalid').length, 2, codes.join(', '));
    const failure = session.latest(uri)?.diagnostics.find((d) => d.code === 'check-failed');
    assert.ok(failure, `check-failed among ${codes.join(', ')}`);
    assert.match(failure.message, /NetworkAttachmentDefinition checks failed .*Maximum call stack size exceeded/);
    assert.equal(failure.range.start.line, 0, 'shown on the first line of the NAD document');
    assert.equal(failureLines().length, 1, failureLines().join('\n'));

    // Editing another document re-validates the file: the failure stays shown, and is not logged again.
    await session.change(uri, text.replace('bad-json', 'bad-json-2'), 2);
    await session.waitFor('version 2', () => session.latest(uri)?.version === 2);
    assert.ok(session.latest(uri)?.diagnostics.some((d) => d.code === 'check-failed'));
    assert.equal(failureLines().length, 1, failureLines().join('\n'));
  });
});
