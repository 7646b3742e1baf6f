import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectivityOf, previewPods, readClusterFile, readManifestSet, type ClusterModel } from '../../engine';

// Rules the kernel oracle (test/oracle/connectivityOracle.test.ts) cannot decide on this machine:
// plugin versions other than Debian's v1.1.1, flags the plugins ignore, L2-only interfaces.
function cluster(pluginVersion: string): ClusterModel {
  const model = readClusterFile(`
pluginVersion: ${pluginVersion}
nodes:
  - name: node1
    podCIDRs: [10.244.1.0/24]
    interfaces: [{ name: eth0, segment: lab, addresses: [192.168.1.11/24] }]
`);
  if ('error' in model) throw new Error(model.error);
  return model;
}

function matrixOf(config: Record<string, unknown>, model: ClusterModel, pods = ['a', 'b']) {
  const nad = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: net\nspec:\n  config: '${JSON.stringify(config)}'\n`;
  const docs = pods.map(
    (name) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: net\nspec:\n  containers: []\n`,
  );
  const set = readManifestSet([{ path: 'test.yaml', text: [nad, ...docs].join('---\n') }]);
  return connectivityOf(previewPods(set.nads, set.pods, model), model);
}

const hostLocal = { type: 'host-local', subnet: '10.10.0.0/24' };

describe('connectivity rules the kernel here cannot check', () => {
  it('bridge portIsolation isolates the ports with plugins v1.7.0+ (current), and is ignored on v1.1.1', () => {
    const config = { cniVersion: '0.3.1', type: 'bridge', bridge: 'br0', portIsolation: true, ipam: hostLocal };
    const current = matrixOf(config, cluster('current')).networks[0].cells.find((c) => c.to === 'b');
    assert.equal(current?.verdict, 'unreachable');
    assert.match(current?.source ?? '', /bridge\.go portIsolation \(v1\.7\.0\+\)/);
    const old = matrixOf(config, cluster('v1.1.1')).networks[0].cells.find((c) => c.to === 'b');
    assert.equal(old?.verdict, 'reachable');
    assert.match(
      old?.reason ?? '',
      /portIsolation needs plugins v1\.7\.0\+, the cluster runs v1\.1\.1, so it is ignored/,
    );
  });

  it('an interface without IPAM is L2-only: IP reachability depends on addresses set outside CNI', () => {
    const cells = matrixOf({ cniVersion: '0.3.1', type: 'macvlan', master: 'eth0' }, cluster('v1.1.1')).networks[0]
      .cells;
    const pair = cells.find((c) => c.from === 'a' && c.to === 'b');
    assert.equal(pair?.verdict, 'depends');
    assert.match(pair?.reason ?? '', /net1 has no IP address \(L2-only\)/);
    // The parent stays unreachable whatever the addresses: the link layer already says no.
    assert.equal(cells.find((c) => c.from === 'a' && c.toKind === 'node')?.verdict, 'unreachable');
  });

  it('ipvlan: the plugin sets no flags, so a private flag in the config does not isolate the slaves', () => {
    const config = {
      cniVersion: '0.3.1',
      type: 'ipvlan',
      master: 'eth0',
      mode: 'l2',
      flag: 'private',
      ipam: hostLocal,
    };
    const pair = matrixOf(config, cluster('v1.1.1')).networks[0].cells.find((c) => c.to === 'b');
    assert.equal(pair?.verdict, 'reachable');
    assert.match(pair?.reason ?? '', /the plugin does not set ipvlan flags \(private, vepa\)/);
    assert.match(pair?.source ?? '', /drivers\/net\/ipvlan\/ipvlan_core\.c ipvlan_xmit_mode_l2/);
  });

  it('a pod Multus would refuse is on no network, with its reason', () => {
    const matrix = matrixOf(
      { cniVersion: '0.3.1', type: 'macvlan', master: 'eth7', ipam: hostLocal },
      cluster('v1.1.1'),
      ['a'],
    );
    assert.deepEqual(matrix.networks, []);
    assert.equal(matrix.refused.length, 1);
    assert.match(matrix.refused[0].error, /Link not found/);
  });
});
