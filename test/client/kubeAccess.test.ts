import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { accessDetail, accessHeadline, readKubeAccess } from '../../client/src/kubeAccess';
import { tempDir } from '../tempDir';

const dir = tempDir('kubeaccess');
const emptyHome = join(dir, 'empty-home');
mkdirSync(emptyHome);
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const twoContexts =
  'clusters:\n- name: lab\n  cluster: {server: "https://10.0.0.1:6443"}\ncontexts:\n- name: a\n  context: {cluster: lab}\n- name: b\n  context: {cluster: lab, namespace: net}\n';
const noCurrent = file('no-current.yaml', twoContexts);
const withCurrent = file('current.yaml', `current-context: a\n${twoContexts}`);
const noContexts = file('no-contexts.yaml', 'clusters: []\ncontexts: []\n');
const broken = file('broken.yaml', 'contexts: [\n');

// The three situations of issue 18 point 6 get three different words, and the status bar and the
// message it opens use the same ones (accessHeadline is the one place for them).
describe('kube access from the kubeconfig files', () => {
  it('without KUBECONFIG and ~/.kube/config: no kubeconfig, naming both places looked at', () => {
    const access = readKubeAccess({ env: {}, home: emptyHome });
    assert.equal(access.kind, 'no-kubeconfig');
    if (access.kind !== 'no-kubeconfig') return;
    assert.equal(accessHeadline(access), 'no kubeconfig found');
    assert.deepEqual(access.lookedFor, [
      'KUBECONFIG: not set',
      `${join(emptyHome, '.kube', 'config')}: does not exist`,
    ]);
    const detail = accessDetail(access);
    assert.match(detail, /multusNad\.kubeconfig/);
    assert.doesNotMatch(detail, /--context|--kubeconfig/);
  });

  it('KUBECONFIG naming files that do not exist: names them, not ~/.kube/config', () => {
    const missing = join(dir, 'missing.yaml');
    const access = readKubeAccess({ env: { KUBECONFIG: missing }, home: emptyHome });
    assert.deepEqual(access, { kind: 'no-kubeconfig', lookedFor: [`${missing} (from KUBECONFIG): does not exist`] });
  });

  it('the multusNad.kubeconfig setting naming a missing file: names the setting', () => {
    const missing = join(dir, 'setting.yaml');
    const access = readKubeAccess({ explicitFile: missing, env: { KUBECONFIG: withCurrent }, home: emptyHome });
    assert.deepEqual(access, {
      kind: 'no-kubeconfig',
      lookedFor: [`${missing} (the multusNad.kubeconfig setting): does not exist`],
    });
  });

  it('a kubeconfig without contexts is told apart from one without a current-context', () => {
    const none = readKubeAccess({ env: { KUBECONFIG: noContexts }, home: emptyHome });
    assert.equal(none.kind, 'no-contexts');
    if (none.kind === 'no-contexts') assert.equal(accessHeadline(none), 'the kubeconfig has no contexts');
    const unset = readKubeAccess({ env: { KUBECONFIG: noCurrent }, home: emptyHome });
    assert.equal(unset.kind, 'no-current-context');
    if (unset.kind !== 'no-current-context') return;
    assert.equal(accessHeadline(unset), 'no current-context');
    assert.deepEqual(
      unset.contexts.map((context) => context.name),
      ['a', 'b'],
    );
    assert.match(accessDetail(unset), /contexts: a, b/);
  });

  it('a context picked in the status bar stands in for a missing current-context', () => {
    const access = readKubeAccess({ env: { KUBECONFIG: noCurrent }, home: emptyHome, chosenContext: 'b' });
    assert.equal(access.kind, 'ready');
    if (access.kind === 'ready') assert.deepEqual([access.target.name, access.target.namespace], ['b', 'net']);
  });

  it("the kubeconfig's current-context, unless the picked one exists", () => {
    const current = readKubeAccess({ env: { KUBECONFIG: withCurrent }, home: emptyHome });
    assert.equal(current.kind === 'ready' && current.target.name, 'a');
    const stale = readKubeAccess({ env: { KUBECONFIG: withCurrent }, home: emptyHome, chosenContext: 'gone' });
    assert.equal(stale.kind === 'ready' && stale.target.name, 'a');
  });

  it('a file that is not YAML: unreadable, with the parser reason', () => {
    const access = readKubeAccess({ env: { KUBECONFIG: broken }, home: emptyHome });
    assert.equal(access.kind, 'unreadable');
    if (access.kind === 'unreadable') assert.ok(access.reason.length > 0);
  });
});
