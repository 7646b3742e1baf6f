import * as assert from 'node:assert/strict';
import { multusApi, openEditor, suite, test } from './harness';

// KUBECONFIG points at test/e2e/fixtures/kubeconfig.yaml, whose servers are never contacted.
suite('kube context in the status bar', () => {
  test('the current context and its namespace, read from the kubeconfig file', async () => {
    await openEditor('macvlan-conf.yaml');
    const target = (await multusApi()).kubeContext.target();
    assert.equal(target?.name, 'lab-admin');
    assert.equal(target?.namespace, 'multus-lab');
    assert.equal(target?.server, 'https://127.0.0.1:6443');
  });
});
