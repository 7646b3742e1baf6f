import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podViewOf, previewViewOf } from '../../client/src/preview/previewModel';

// The text and json of a pod as the engine renders them for the CLI (engine/render/previewText.ts,
// previewJson.ts), shortened: the panel only arranges them.
const samplepod = {
  pod: 'default/samplepod',
  node: 'node1',
  text: [
    '=== pod default/samplepod on node node1',
    '$ ip address',
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536',
    '3: net1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
    '$ ip route',
    'default via 192.168.1.1 dev net1',
    'default via 10.244.1.1 dev eth0',
    '$ ip -6 route',
    'fe80::/64 dev net1 proto kernel metric 256',
    'notes:',
    '- net1 took the default route from eth0',
  ].join('\n'),
  networkStatus: '[\n    {\n        "name": "cbr0"\n    }\n]',
  json: {
    interfaces: [
      { name: 'eth0', network: 'cbr0', mac: 'aa:bb:cc:dd:ee:01', mtu: 1450, addresses: ['10.244.1.2/24'] },
      {
        name: 'net1',
        network: 'default/macvlan-conf',
        mac: 'aa:bb:cc:dd:ee:02',
        mtu: 1500,
        addresses: ['192.168.1.200/24'],
      },
    ],
    routes: [
      { dst: 'default', via: '192.168.1.1', dev: 'net1' },
      { dst: '192.168.1.0/24', dev: 'net1', src: '192.168.1.200' },
      { dst: 'default', via: '10.244.1.1', dev: 'eth0' },
    ],
    notes: ['net1 took the default route from eth0'],
  },
  location: {
    uri: 'file:///w/samplepod.yaml',
    range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
  },
};

describe('preview model', () => {
  it('splits the engine text into the ip address and ip route tabs, v6 routes after v4', () => {
    const view = podViewOf(samplepod);
    assert.equal(
      view.ipAddress,
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n3: net1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
    );
    assert.equal(
      view.ipRoute,
      'default via 192.168.1.1 dev net1\ndefault via 10.244.1.1 dev eth0\nfe80::/64 dev net1 proto kernel metric 256',
    );
    assert.deepEqual(view.notes, ['net1 took the default route from eth0']);
  });

  it('gives each interface row its own routes in ip route words', () => {
    const [eth0, net1] = podViewOf(samplepod).interfaces;
    assert.deepEqual(eth0, {
      name: 'eth0',
      network: 'cbr0',
      addresses: ['10.244.1.2/24'],
      mac: 'aa:bb:cc:dd:ee:01',
      mtu: '1450',
      routes: ['default via 10.244.1.1'],
    });
    assert.deepEqual(net1.routes, ['default via 192.168.1.1', '192.168.1.0/24 src 192.168.1.200']);
  });

  it('names the subject and says so when no pod selects a NAD', () => {
    const view = previewViewOf({ subject: { kind: 'nad', namespace: 'default', name: 'unused' }, pods: [] });
    assert.equal(view.subject, 'NAD default/unused');
    assert.equal(view.hint, 'No pod of the workspace selects NAD default/unused.');
  });
});
