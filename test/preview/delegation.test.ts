import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CLUSTER } from '../../engine';
import { addressesOf, nad, ok, pod, preview, routesOf } from './previewHelpers';

const MACVLAN = (subnet: string, gateway: string, extra: Record<string, unknown> = {}) => ({
  cniVersion: '0.4.0',
  type: 'macvlan',
  master: 'eth0',
  ipam: { type: 'host-local', subnet, gateway, routes: [{ dst: '0.0.0.0/0' }], ...extra },
});

const NADS = [
  nad('a', MACVLAN('10.1.0.0/24', '10.1.0.1')),
  nad('b', MACVLAN('10.2.0.0/24', '10.2.0.1')),
  nad('c', MACVLAN('10.3.0.0/24', '10.3.0.1')),
];

// MUL pkg/multus/multus.go getIfname; docs/how-to-use.md ("macvlan-conf-1@macvlan1, macvlan-conf-2" -> macvlan1, net2).
describe('interface names by position', () => {
  it('eth0 for the cluster network, then net<position> counting every delegate before it', () => {
    const [p] = preview([...NADS, pod('p', { networks: 'a,b,c' })]);
    assert.deepEqual(
      ok(p).interfaces.map((i) => i.name),
      ['eth0', 'net1', 'net2', 'net3'],
    );
  });

  it('a requested name does not shift the counter: a@macvlan1, b -> macvlan1, net2', () => {
    const [p] = preview([...NADS, pod('p', { networks: 'a@macvlan1, b' })]);
    assert.deepEqual(
      ok(p).interfaces.map((i) => i.name),
      ['eth0', 'macvlan1', 'net2'],
    );
  });

  it('two networks wanting one name: the second ADD fails validateIfName (multus_cni100_test.go)', () => {
    const [p] = preview([...NADS, pod('p', { networks: 'a@net2, b' })]);
    assert.equal(
      p.error,
      '[default/p/<pod UID>:b]: error adding container to network "b": DelegateAdd: cannot set "macvlan" interface name to "net2": validateIfName: interface name net2 already exists',
    );
  });

  it('the same NAD twice is two attachments with two addresses', () => {
    const [p] = preview([...NADS, pod('p', { networks: 'a, a' })]);
    assert.deepEqual(addressesOf(ok(p)).net2, ['10.1.0.3/24']);
    assert.deepEqual(
      p.networkStatus.map((s) => s.name),
      ['cbr0', 'default/a', 'default/a'],
    );
  });

  it('a missing NAD is refused with the thin plugin wording (k8sclient_test.go line ~187)', () => {
    const [p] = preview([pod('p', { networks: 'nope' })]);
    assert.equal(
      p.error,
      'Multus: [default/p/<pod UID>]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: failed getting the delegate: getKubernetesDelegate: cannot find a network-attachment-definition (nope) in namespace (default): network-attachment-definitions.k8s.cni.cncf.io "nope" not found',
    );
  });
});

// MUL pkg/k8sclient/k8sclient.go tryLoadK8sPodDefaultNetwork.
describe('v1.multus-cni.io/default-network', () => {
  const kubeSystem = nad(
    'alt',
    {
      cniVersion: '0.4.0',
      type: 'bridge',
      bridge: 'alt0',
      isDefaultGateway: true,
      ipam: { type: 'host-local', subnet: '172.30.0.0/24' },
    },
    'kube-system',
  );

  it('replaces the cluster network; the NAD is looked up in kube-system; status name <ns>/<name>, default: true', () => {
    const [p] = preview([kubeSystem, pod('p', { defaultNetwork: 'alt' })]);
    assert.deepEqual(addressesOf(ok(p)), { eth0: ['172.30.0.2/24'] });
    assert.equal(p.networkStatus[0].name, 'kube-system/alt');
    assert.equal(p.networkStatus[0].default, true);
    assert.deepEqual(routesOf(p), [
      'default via 172.30.0.1 dev eth0',
      '172.30.0.0/24 dev eth0 proto kernel scope link src 172.30.0.2',
    ]);
  });

  it('more than one network is an error', () => {
    const [p] = preview([kubeSystem, pod('p', { defaultNetwork: 'alt,alt' })]);
    assert.equal(
      p.error,
      'Multus: [default/p/<pod UID>]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in loading K8s cluster default network from pod annotation: tryLoadK8sPodDefaultNetwork: more than one default network is specified: alt,alt',
    );
  });

  it("a NAD in the pod's namespace is not found there (default namespace is kube-system)", () => {
    const [p] = preview([nad('alt', {}, 'default'), pod('p', { defaultNetwork: 'alt' })]);
    assert.match(
      p.error ?? '',
      /tryLoadK8sPodDefaultNetwork: failed getting the delegate: getKubernetesDelegate: cannot find a network-attachment-definition \(alt\) in namespace \(kube-system\)/,
    );
  });
});

// MUL pkg/types/conf.go CheckGatewayConfig; pkg/multus/multus.go CmdAdd; pkg/netutils/netutils.go.
describe('default routes', () => {
  it("without default-route a secondary 0.0.0.0/0 is inserted ahead of eth0's (plugins >= v1.0.0 RouteAddEcmp)", () => {
    const [p] = preview([...NADS, pod('p', { networks: 'a' })]);
    assert.deepEqual(routesOf(ok(p)).slice(0, 2), ['default via 10.1.0.1 dev net1', 'default via 10.244.1.1 dev eth0']);
    assert.match(p.notes.join('\n'), /Default route moved to net1/);
  });

  it('default-route on one element: every other interface loses its default routes, the chosen gateway is installed', () => {
    const [p] = preview([
      ...NADS,
      pod('p', { networks: '[{"name":"a","default-route":["10.1.0.254"]},{"name":"b"}]' }),
    ]);
    const defaults = routesOf(ok(p)).filter((r) => r.startsWith('default'));
    assert.deepEqual(defaults, ['default via 10.1.0.254 dev net1']);
  });

  it('an empty default-route list leaves the pod without any default route', () => {
    const [p] = preview([...NADS, pod('p', { networks: '[{"name":"a","default-route":[]}]' })]);
    assert.deepEqual(
      routesOf(ok(p)).filter((r) => r.startsWith('default')),
      [],
    );
  });

  it('network-status gateway still reflects the plugin result, not the rewrite (domain.md §3.4 item 5)', () => {
    const [p] = preview([...NADS, pod('p', { networks: '[{"name":"a","default-route":["10.1.0.254"]}]' })]);
    assert.deepEqual(ok(p).networkStatus[0].gateway, ['10.244.1.1']);
  });

  it('two IPv4 gateways across elements: multus does not support ECMP for default-route', () => {
    const [p] = preview([
      ...NADS,
      pod('p', { networks: '[{"name":"a","default-route":["10.1.0.1"]},{"name":"b","default-route":["10.2.0.1"]}]' }),
    ]);
    assert.equal(
      p.error,
      'Multus: [default/p/<pod UID>]: error loading k8s delegates k8s args: multus does not support ECMP for default-route',
    );
  });

  it('a gateway the interface cannot reach fails when Multus sets it', () => {
    const [p] = preview([...NADS, pod('p', { networks: '[{"name":"a","default-route":["192.0.2.1"]}]' })]);
    assert.equal(p.error, 'Multus: [default/p/<pod UID>]: error setting default gateway: network is unreachable');
  });
});

// MUL pkg/types/conf.go LoadDelegateNetConf: the config is first decoded into CNI's PluginConf.
describe('config type errors Multus reports before any plugin runs', () => {
  it('a non-string cniVersion, a string ipam, a non-bool capability', () => {
    const prefix =
      'Multus: [default/p/<pod UID>]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: failed getting the delegate: LoadDelegateNetConf: error unmarshalling delegate config: ';
    const run = (config: Record<string, unknown>) => preview([nad('x', config), pod('p', { networks: 'x' })])[0].error;
    assert.equal(
      run({ cniVersion: [{}], type: 'macvlan' }),
      `${prefix}json: cannot unmarshal array into Go struct field PluginConf.cniVersion of type string`,
    );
    assert.equal(
      run({ cniVersion: '0.4.0', type: 'macvlan', ipam: 'host-local' }),
      `${prefix}json: cannot unmarshal string into Go struct field PluginConf.ipam of type types.IPAM`,
    );
    assert.equal(
      run({ cniVersion: '0.4.0', type: 'macvlan', capabilities: { ips: 'true' } }),
      `${prefix}json: cannot unmarshal string into Go struct field PluginConf.capabilities of type bool`,
    );
  });
});

// MUL pkg/k8sclient/k8sclient.go GetDefaultNetworks; docs/configuration.md (defaultNetworks -> eth0, net1, net2).
describe('Multus defaultNetworks (cluster model `multus.defaultNetworks`)', () => {
  const cluster = { ...DEFAULT_CLUSTER, multusDefaultNetworks: ['x', 'y'] };
  const kubeSystem = (name: string, subnet: string) =>
    nad(name, MACVLAN(subnet, subnet.replace('0/24', '1')), 'kube-system');

  it('come after the cluster network and before the annotation: eth0, net1 (x), net2 (y), net3 (a)', () => {
    const [p] = preview(
      [kubeSystem('x', '10.7.0.0/24'), kubeSystem('y', '10.8.0.0/24'), ...NADS, pod('p', { networks: 'a' })],
      cluster,
    );
    assert.deepEqual(
      ok(p).interfaces.map((i) => [i.name, i.network]),
      [
        ['eth0', 'cbr0'],
        ['net1', 'kube-system/x'],
        ['net2', 'kube-system/y'],
        ['net3', 'default/a'],
      ],
    );
  });

  it('pods in kube-system do not get them; one that cannot be found fails the pod', () => {
    const [system] = preview(
      [kubeSystem('x', '10.7.0.0/24'), kubeSystem('y', '10.8.0.0/24'), pod('s', { namespace: 'kube-system' })],
      cluster,
    );
    assert.deepEqual(
      ok(system).interfaces.map((i) => i.name),
      ['eth0'],
    );
    const [missing] = preview([kubeSystem('x', '10.7.0.0/24'), pod('p')], cluster);
    assert.equal(
      missing.error,
      'Multus: [default/p/<pod UID>]: failed to get clusterNetwork/defaultNetworks: getNetDelegate: cannot find network: y',
    );
  });
});

// MUL pkg/k8sclient/k8sclient.go GetNetworkDelegates/isValidNamespaceReference; k8sclient_test.go line ~889.
describe('Multus namespaceIsolation (cluster model `multus.namespaceIsolation`)', () => {
  const isolated = { ...DEFAULT_CLUSTER, multusNamespaceIsolation: true };
  const privileged = nad('macvlan-conf', MACVLAN('10.1.0.0/24', '10.1.0.1'), 'privileged');

  it('refuses a reference to another namespace, with the upstream words', () => {
    const [p] = preview(
      [privileged, pod('p', { namespace: 'development', networks: 'privileged/macvlan-conf' })],
      isolated,
    );
    assert.equal(
      p.error,
      'Multus: [development/p/<pod UID>]: error loading k8s delegates k8s args: TryLoadPodDelegates: error in getting k8s network for pod: GetNetworkDelegates: namespace isolation enabled, annotation violates permission, pod is in namespace development but refers to target namespace privileged',
    );
  });

  it('allows the pod\'s own namespace and the global ones (default: "default")', () => {
    const docs = [
      nad('a', MACVLAN('10.1.0.0/24', '10.1.0.1')),
      pod('p', { namespace: 'development', networks: 'default/a' }),
    ];
    assert.equal(preview(docs, isolated)[0].error, undefined);
    assert.match(
      preview(docs, { ...isolated, multusGlobalNamespaces: ['shared'] })[0].error ?? '',
      /refers to target namespace default$/,
    );
  });
});
