import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readKubeContexts } from '../../client/src/kubeconfigContexts';
import { tempDir } from '../tempDir';

const dir = tempDir('kubecontexts');
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const first = file(
  'first.yaml',
  'current-context: ""\nclusters:\n- name: lab\n  cluster: {server: "https://10.0.0.1:6443"}\ncontexts:\n- name: lab\n  context: {cluster: lab, namespace: net}\n',
);
const second = file(
  'second.yaml',
  'current-context: other\nclusters:\n- name: lab\n  cluster: {server: "https://shadowed"}\ncontexts:\n- name: lab\n  context: {cluster: lab, namespace: shadowed}\n- name: other\n  context: {cluster: lab}\n',
);

// kubectl's merge rules (k8s.io/client-go/tools/clientcmd/loader.go): the first file to set a
// value wins, and current-context comes from the first file that sets a non-empty one.
describe('kube contexts from kubeconfig files', () => {
  it('merges KUBECONFIG files with the first definition winning', () => {
    const contexts = readKubeContexts(undefined, { KUBECONFIG: `${first}:${second}` }, dir);
    assert.deepEqual(contexts, [
      { name: 'lab', cluster: 'lab', server: 'https://10.0.0.1:6443', namespace: 'net', current: false },
      { name: 'other', cluster: 'lab', server: 'https://10.0.0.1:6443', namespace: 'default', current: true },
    ]);
  });

  it('reads ~/.kube/config when KUBECONFIG is unset, and an explicit file over both', () => {
    mkdirSync(join(dir, '.kube'), { recursive: true });
    writeFileSync(join(dir, '.kube', 'config'), 'contexts:\n- name: home\n  context: {cluster: none}\n');
    assert.deepEqual(
      readKubeContexts(undefined, {}, dir).map((context) => context.name),
      ['home'],
    );
    assert.deepEqual(
      readKubeContexts(second, { KUBECONFIG: first }, dir).map((context) => context.name),
      ['lab', 'other'],
    );
  });

  it('has no contexts without any kubeconfig', () => {
    assert.deepEqual(readKubeContexts(undefined, {}, join(dir, 'nowhere')), []);
  });
});
