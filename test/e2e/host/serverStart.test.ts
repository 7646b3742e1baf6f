import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { multusApi, suite, test, waitFor } from './harness';

suite('language server start-up', () => {
  test('a failed start is kept with its reason, and a restart with good settings recovers', async () => {
    const api = await multusApi();
    const config = vscode.workspace.getConfiguration('multusNad');
    await config.update('server.runtime', '/nonexistent/node', vscode.ConfigurationTarget.Global);
    try {
      assert.equal(await api.server.restart(), undefined, 'no client from a runtime that does not exist');
      assert.equal(api.server.status, 'failed');
      assert.match(api.server.lastStartError ?? '', /nonexistent|ENOENT|exited|closed/i);
    } finally {
      await config.update('server.runtime', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(
      'the runtime setting to be cleared',
      () => vscode.workspace.getConfiguration('multusNad').get('server.runtime') === '',
    );
    assert.ok(await api.server.restart(), `the server starts again (${api.server.lastStartError})`);
    assert.equal(api.server.status, 'running');
    assert.equal(api.server.lastStartError, undefined);
  });
});
