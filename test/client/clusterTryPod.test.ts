import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  compareNetworkStatus,
  differenceLines,
  MASKED_MAC,
  parseNetworkStatusText,
} from '../../client/src/liveCluster/networkStatusComparison';
import { SEED_SAMPLEPOD, tryPodName, workloadAtOffset } from '../../client/src/liveCluster/tryPodSource';

// The seed lab's samplepod as our preview writes it (the lab's expected network-status) ...
const previewText = JSON.stringify(
  [
    {
      name: 'cbr0',
      interface: 'eth0',
      ips: ['10.244.1.2'],
      mac: 'f2:db:7d:54:a5:40',
      default: true,
      dns: {},
      gateway: ['10.244.1.1'],
    },
    { name: 'default/macvlan-conf', interface: 'net1', ips: ['192.168.1.200'], mac: '86:49:ae:fb:d9:c2', dns: {} },
  ],
  null,
  '    ',
);
// ... and as Multus wrote it on a real pod: other MACs, and fields in another order.
const real = [
  {
    name: 'cbr0',
    interface: 'eth0',
    ips: ['10.244.1.2'],
    mac: '3a:11:0b:5e:7c:02',
    default: true,
    dns: {},
    gateway: ['10.244.1.1'],
  },
  { interface: 'net1', name: 'default/macvlan-conf', dns: {}, mac: 'ce:4f:90:12:aa:01', ips: ['192.168.1.200'] },
];

describe('preview versus the real network-status', () => {
  it('MACs differ naturally: masked on both sides, so the lab pod matches', () => {
    const c = compareNetworkStatus(parseNetworkStatusText(previewText), real);
    assert.deepEqual(c.differences, []);
    assert.deepEqual(c.masked, ['mac']);
    assert.equal(c.previewText, c.clusterText);
    assert.ok(!c.clusterText.includes('ce:4f:90'));
    assert.match(c.clusterText, new RegExp(`"mac": "${MASKED_MAC}"`));
  });

  it('fields come in the order Multus writes them, so the diff lines up', () => {
    const c = compareNetworkStatus([], real);
    const keys = (JSON.parse(c.clusterText) as Record<string, unknown>[])[1];
    assert.deepEqual(Object.keys(keys), ['name', 'interface', 'ips', 'mac', 'dns']);
  });

  it('another address or a missing attachment is a difference, named by interface and field', () => {
    const moved = [real[0], { ...real[1], ips: ['192.168.1.201'] }];
    const c = compareNetworkStatus(parseNetworkStatusText(previewText), moved);
    assert.deepEqual(differenceLines(c.differences), [
      'net1 ips: preview ["192.168.1.200"], cluster ["192.168.1.201"]',
    ]);
    const missing = compareNetworkStatus(parseNetworkStatusText(previewText), [real[0]]);
    assert.deepEqual(
      missing.differences.map((d) => [d.entry, d.field, d.cluster]),
      [['net1', '(whole entry)', undefined]],
    );
  });

  it('a preview that is not a JSON list compares as empty', () => {
    assert.deepEqual(parseNetworkStatusText('not json'), []);
    assert.deepEqual(parseNetworkStatusText('{"name": "x"}'), []);
  });
});

const manifest = [
  'apiVersion: k8s.cni.cncf.io/v1',
  'kind: NetworkAttachmentDefinition',
  'metadata:',
  '  name: macvlan-conf',
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    metadata:',
  '      annotations:',
  '        k8s.v1.cni.cncf.io/networks: macvlan-conf',
  '    spec:',
  '      containers: [{name: web, image: nginx}]',
  '',
].join('\n');

describe('which pod "Try It on the Cluster" creates', () => {
  it('the workload whose document holds the cursor', () => {
    const at = manifest.indexOf('containers');
    const found = workloadAtOffset(manifest, at);
    assert.equal(found?.object.kind, 'Deployment');
    assert.equal(found?.object.metadata.name, 'web');
    assert.equal(found?.documentStart, manifest.indexOf('apiVersion: apps/v1'));
  });

  it('nothing when the cursor is on a NAD', () => {
    assert.equal(workloadAtOffset(manifest, manifest.indexOf('macvlan-conf')), undefined);
  });

  it("the embedded samplepod is the seed lab's", () => {
    const lab = parse(readFileSync('examples/seed-lab/samplepod.yaml', 'utf8')) as unknown;
    assert.deepEqual(SEED_SAMPLEPOD, lab);
  });

  it('pod names stay DNS labels of at most 63 characters and keep the random suffix', () => {
    assert.equal(tryPodName('samplepod', 'a1b2c3'), 'samplepod-try-a1b2c3');
    // Cut at 52 characters right after a dash: the dash goes too.
    const long = tryPodName(`${'x'.repeat(51)}-${'y'.repeat(10)}`, 'a1b2c3');
    assert.ok(long.length <= 63, long);
    assert.equal(long, `${'x'.repeat(51)}-try-a1b2c3`);
  });
});
