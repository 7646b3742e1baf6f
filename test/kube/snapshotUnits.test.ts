// The pure parts of the cluster snapshot, without a server: whereabouts' CRs to addresses, a NAD's IPAM, the
// pods' network-status to taken addresses, and the extended cluster model format (NADs, notes, Ready, source)
// with the workspace-overrides-cluster rule.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import {
  readClusterDocument,
  readClusterFile,
  readManifestSet,
  withClusterNads,
  clusterModelNotes,
} from '../../engine';
import { nadIpam, readPods, type SnapshotPod } from '../../kube/snapshotPods';
import { ipPoolAddresses, reservationAddress } from '../../kube/whereaboutsReservations';
import { requestedNetworks } from './harness/podNetworks';

describe('whereabouts CRs to addresses (WA pkg/storage/kubernetes/ipam.go toIPReservationList, NormalizeIP)', () => {
  it('IPPool allocations are decimal offsets from the IP written in spec.range', () => {
    const pool = {
      metadata: { name: 'net-10.10.0.0-24' },
      spec: { range: '10.10.0.0/24', allocations: { '1': {}, '10': {}, '255': {}, x: {}, '-1': {} } },
    };
    assert.deepEqual(ipPoolAddresses(pool).sort(), ['10.10.0.1', '10.10.0.10', '10.10.0.255']);
    const v6 = { metadata: { name: 'fd00--64' }, spec: { range: 'fd00::/64', allocations: { '17': {} } } };
    assert.deepEqual(ipPoolAddresses(v6), ['fd00::11']);
    assert.deepEqual(ipPoolAddresses({ metadata: { name: 'bad' }, spec: { range: 'nope' } }), []);
  });

  it('an OverlappingRangeIPReservation is named after its address, with or without the network name', () => {
    assert.equal(reservationAddress({ metadata: { name: '10.10.0.3' } }), '10.10.0.3');
    assert.equal(reservationAddress({ metadata: { name: 'wb-net-10.10.0.3' } }), '10.10.0.3');
    assert.equal(reservationAddress({ metadata: { name: 'fd00--5' } }), 'fd00::5');
    assert.equal(reservationAddress({ metadata: { name: 'not-an-address' } }), undefined);
  });
});

describe("the pods' network-status as taken addresses", () => {
  it("a NAD's IPAM type and the network name host-local files under (the NAD's name when the config has none)", () => {
    assert.deepEqual(nadIpam('m', '{"type":"macvlan","ipam":{"type":"host-local"}}'), {
      type: 'host-local',
      networkName: 'm',
    });
    assert.deepEqual(
      nadIpam('m', '{"name":"n","plugins":[{"type":"macvlan","ipam":{"type":"whereabouts"}},{"type":"tuning"}]}'),
      {
        type: 'whereabouts',
        networkName: 'n',
      },
    );
    assert.equal(nadIpam('m', 'not json'), undefined);
  });

  const status = (entries: unknown[]) => JSON.stringify(entries);
  const running = (
    name: string,
    node: string,
    networkStatus?: unknown[],
    extra: Partial<SnapshotPod> = {},
  ): SnapshotPod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      ...(networkStatus ? { annotations: { 'k8s.v1.cni.cncf.io/network-status': status(networkStatus) } } : {}),
    },
    spec: { nodeName: node },
    status: { phase: 'Running', podIPs: [{ ip: '10.244.9.9' }] },
    ...extra,
  });

  it('host-local NAD addresses per node and network; whereabouts left to its CRs; finished and host-network pods hold none', () => {
    const nads = new Map([
      ['default/hl', { type: 'host-local', networkName: 'hl-net' }],
      ['default/wb', { type: 'whereabouts', networkName: 'wb-net' }],
    ]);
    const eth0 = { name: 'k8s-pod-network', interface: 'eth0', ips: ['10.244.1.7'], mtu: 1410, default: true };
    const reading = readPods(
      [
        running('p1', 'n1', [
          eth0,
          { name: 'default/hl', interface: 'net1', ips: ['192.168.1.200'] },
          { name: 'default/wb', interface: 'net2', ips: ['10.10.0.1'] },
        ]),
        running('p2', 'n2', [
          { ...eth0, ips: ['10.244.2.3'] },
          { name: 'other/gone', interface: 'net1', ips: ['1.2.3.4'] },
        ]),
        running('done', 'n1', [eth0, { name: 'default/hl', interface: 'net1', ips: ['192.168.1.201'] }], {
          status: { phase: 'Succeeded' },
        }),
        running('host', 'n1', undefined, { spec: { nodeName: 'n1', hostNetwork: true } }),
        running('plain', 'n2'),
      ],
      nads,
    );
    assert.deepEqual(reading.taken, [{ ipam: 'host-local', node: 'n1', network: 'hl-net', address: '192.168.1.200' }]);
    assert.deepEqual(reading.defaultTaken, [
      { node: 'n1', address: '10.244.1.7' },
      { node: 'n2', address: '10.244.2.3' },
      { node: 'n2', address: '10.244.9.9' },
    ]);
    assert.deepEqual([...reading.observed.names], [['k8s-pod-network', 2]]);
    assert.deepEqual([...reading.observed.mtus], [[1410, 2]]);
    assert.deepEqual([...reading.unknownNads], ['other/gone']);
    assert.equal(reading.withoutStatus, 1);
  });
});

describe('the cluster model format, extended for snapshots', () => {
  const doc = {
    source: { context: 'lab', takenAt: '2026-12-03T13:00:00.000Z' },
    nodes: [{ name: 'n1', podCIDRs: ['10.244.1.0/24'], ready: false, labels: { zone: 'a' } }],
    defaultNetwork: { flannel: { name: 'cbr0', network: '10.244.0.0/16', mtu: 1450 } },
    nads: [{ namespace: 'default', name: 'm', config: '{"cniVersion":"0.3.1","type":"macvlan","master":"eth0"}' }],
    takenAddresses: [{ ipam: 'host-local', node: 'n1', network: 'cbr0', address: '10.244.1.2' }],
    notes: ['an approximation'],
  };

  it('reads NADs, notes, Ready and the source, from YAML as from the document in memory', () => {
    const fromYaml = readClusterFile(stringify(doc));
    assert.deepEqual(fromYaml, readClusterDocument(doc));
    assert.ok(!('error' in fromYaml));
    assert.equal(fromYaml.nodes[0].ready, false);
    assert.deepEqual(fromYaml.nads, doc.nads);
    assert.deepEqual(fromYaml.notes, ['an approximation']);
    assert.deepEqual(fromYaml.source, doc.source);
    assert.deepEqual(readClusterDocument({ ...doc, nads: [{ name: 'x' }] }), {
      error: 'nads[0] needs namespace, name and config (strings)',
    });
  });

  it('`interfaces: unknown` reads as no interfaces, marked unknown; any other string is refused', () => {
    const unknown = readClusterDocument({ ...doc, nodes: [{ ...doc.nodes[0], interfaces: 'unknown' }] });
    assert.ok(!('error' in unknown));
    assert.deepEqual([unknown.nodes[0].interfaces, unknown.nodes[0].interfacesUnknown], [[], true]);
    const handWritten = readClusterDocument(doc);
    assert.ok(!('error' in handWritten));
    assert.deepEqual(
      [handWritten.nodes[0].interfaces, handWritten.nodes[0].interfacesUnknown],
      [[{ name: 'eth0', mtu: 1500 }], undefined],
    );
    assert.deepEqual(readClusterDocument({ ...doc, nodes: [{ ...doc.nodes[0], interfaces: 'eth0' }] }), {
      error: 'nodes[0].interfaces must be a list of interfaces, or `unknown`',
    });
  });

  it('schemas/cluster-model.schema.json accepts this document and every example cluster file, and refuses a broken one', () => {
    const repoRoot = resolve(__dirname, '../../..');
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/cluster-model.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const examples = readdirSync(join(repoRoot, 'examples'))
      .map((dir) => join(repoRoot, 'examples', dir, 'cluster.yaml'))
      .filter((file) => existsSync(file));
    assert.ok(examples.length >= 3);
    for (const value of [
      doc,
      { ...doc, nodes: [{ ...doc.nodes[0], interfaces: 'unknown' }] },
      ...examples.map((file) => parse(readFileSync(file, 'utf8')) as unknown),
    ])
      assert.ok(validate(value), JSON.stringify(validate.errors));
    assert.equal(validate({ ...doc, takenAddresses: [{ ipam: 'host-local', address: '10.0.0.1' }] }), false);
    assert.equal(validate({ ...doc, nodes: [{ ...doc.nodes[0], interfaces: 'eth0' }] }), false);
  });

  it("the workspace's NAD of the same namespace/name replaces the cluster's, and the notes say so", () => {
    const model = readClusterDocument({
      ...doc,
      nads: [...doc.nads, { namespace: 'default', name: 'other', config: '{"type":"bridge"}' }],
    });
    assert.ok(!('error' in model));
    const workspace = readManifestSet([
      {
        path: 'w.yaml',
        text: 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: m, namespace: default}\nspec: {config: \'{"type":"ipvlan"}\'}\n',
      },
    ]).nads;
    const { nads, overridden } = withClusterNads(workspace, model);
    assert.deepEqual(
      nads.map((n) => `${n.source.file} ${n.namespace}/${n.name}`),
      ['w.yaml default/m', 'cluster:lab default/other'],
    );
    assert.deepEqual(overridden, ['default/m']);
    assert.deepEqual(clusterModelNotes(model, overridden), [
      'Cluster model: live context "lab", read at 2026-12-03T13:00:00.000Z.',
      'an approximation',
      "NAD default/m: the workspace's copy overrides the cluster's.",
    ]);
  });
});

describe("the fake kubelet's own reading of the networks annotation (multi-net spec 4.1.2)", () => {
  it('reads the comma form with namespace and interface, and the JSON form', () => {
    assert.deepEqual(requestedNetworks('a, other/b@eth5', 'ns'), [
      { namespace: 'ns', name: 'a' },
      { namespace: 'other', name: 'b', interface: 'eth5' },
    ]);
    assert.deepEqual(requestedNetworks('[{"name":"a","interface":"x1"},{"name":"b","namespace":"o"}]', 'ns'), [
      { namespace: 'ns', name: 'a', interface: 'x1' },
      { namespace: 'o', name: 'b' },
    ]);
    assert.deepEqual(requestedNetworks(undefined, 'ns'), []);
  });
});
