import assert from 'node:assert/strict';
import { seedLabMacvlanConfig } from '../shared/seedLab';
import { describe, it } from 'node:test';
import { formatNetworkStatusMap, formatPreviewText, previewToJson } from '../../engine';
import { nad, ok, pod, preview } from './previewHelpers';

// The quickstart NAD (MUL docs/quickstart.md) on the seed lab cluster; domain.md §2.5 and §7.2.
const QUICKSTART = nad('macvlan-conf', seedLabMacvlanConfig());

describe('network-status (NADC v1.7.6 CreateNetworkStatuses + SetNetworkStatus, Multus v4.2+)', () => {
  it('is byte for byte the annotation of domain.md §2.5, MACs aside (they are kernel-random there)', () => {
    const previews = preview([QUICKSTART, pod('samplepod', { networks: 'macvlan-conf' })]);
    const [eth0, net1] = ok(previews[0]).interfaces.map((i) => i.mac);
    const expected =
      '{\n"default/samplepod": [{\n    "name": "cbr0",\n    "interface": "eth0",\n    "ips": [\n        "10.244.1.2"\n    ],\n' +
      `    "mac": "${eth0}",\n    "default": true,\n    "dns": {},\n    "gateway": [\n        "10.244.1.1"\n    ]\n},{\n` +
      '    "name": "default/macvlan-conf",\n    "interface": "net1",\n    "ips": [\n        "192.168.1.200"\n    ],\n' +
      `    "mac": "${net1}",\n    "dns": {},\n    "gateway": [\n        "\\u003cnil\\u003e"\n    ]\n}]\n}\n`;
    assert.equal(formatNetworkStatusMap(previews), expected);
  });

  it('a refused pod is {"error": ...} and the others keep their annotation', () => {
    const text = formatNetworkStatusMap(
      preview([pod('a', { networks: 'missing' }), QUICKSTART, pod('b', { networks: 'macvlan-conf' })]),
    );
    const parsed = JSON.parse(text) as Record<string, unknown>;
    assert.match(
      (parsed['default/a'] as { error: string }).error,
      /^Multus: \[default\/a\/<pod UID>\]: error loading k8s delegates/,
    );
    assert.equal((parsed['default/b'] as unknown[]).length, 2);
  });

  it('DNS from the NAD is written out (NADC convertDNS), fields in struct order', () => {
    const withDns = nad('d', {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth0',
      dns: { nameservers: ['10.0.0.53'], search: ['svc.local'] },
      ipam: { type: 'host-local', subnet: '10.9.0.0/24' },
    });
    const text = formatNetworkStatusMap(preview([withDns, pod('p', { networks: 'd' })]));
    assert.match(
      text,
      /"dns": \{\n {8}"nameservers": \[\n {12}"10\.0\.0\.53"\n {8}\],\n {8}"search": \[\n {12}"svc\.local"\n {8}\]\n {4}\}/,
    );
  });
});

describe('text (iproute2 formatting)', () => {
  it('ip address: the macvlan shows its master index, brd for IPv4 shorter than /31, the EUI-64 link-local', () => {
    const text = formatPreviewText(preview([QUICKSTART, pod('samplepod', { networks: 'macvlan-conf' })]));
    assert.match(
      text,
      /^=== pod default\/samplepod on node node1\n\$ ip address\n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536/,
    );
    assert.match(
      text,
      /\n3: net1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN group default\n {4}link\/ether ([0-9a-f:]{17}) brd ff:ff:ff:ff:ff:ff link-netnsid 0\n {4}inet 192\.168\.1\.200\/24 brd 192\.168\.1\.255 scope global net1\n/,
    );
    const mac = /3: net1@if2[^\n]*\n {4}link\/ether ([0-9a-f:]{17})/.exec(text)?.[1] as string;
    const b = mac.split(':').map((x) => parseInt(x, 16));
    const eui = `fe80::${((b[0] ^ 2) * 256 + b[1]).toString(16)}:${b[2].toString(16)}ff:fe${b[3].toString(16).padStart(2, '0')}:${(b[4] * 256 + b[5]).toString(16)}/64`;
    assert.ok(text.includes(`inet6 ${eui} scope link`), eui);
  });

  it("ip -6 route is printed for pods with IPv6 addresses, in the kernel's format (checked by the oracle)", () => {
    const v6 = nad('v6', {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth0',
      ipam: { type: 'host-local', ranges: [[{ subnet: '2001:db8:7::/64' }]], routes: [{ dst: '::/0' }] },
    });
    const text = formatPreviewText(preview([v6, pod('p', { networks: 'v6' })]));
    assert.match(
      text,
      /\$ ip -6 route\n2001:db8:7::\/64 dev net1 proto kernel metric 256 pref medium\nfe80::\/64 dev eth0 proto kernel metric 256 pref medium\nfe80::\/64 dev net1 proto kernel metric 256 pref medium\ndefault via 2001:db8:7::1 dev net1 metric 1024 pref medium/,
    );
    assert.match(text, /inet6 2001:db8:7::2\/64 scope global\n/);
  });

  it('a refused pod prints its node and Multus reason', () => {
    assert.match(
      formatPreviewText(preview([pod('a', { networks: 'x' })])),
      /^=== pod default\/a on node node1\nrefused: Multus: \[default\/a\/<pod UID>\]: /,
    );
  });
});

describe('json (README "Preview output formats")', () => {
  it('pods with node, interfaces (CIDR addresses), routes with table, rules, networkStatus and notes', () => {
    const json = previewToJson(preview([QUICKSTART, pod('samplepod', { networks: 'macvlan-conf' })])) as {
      pods: Record<string, unknown>[];
    };
    const [p] = json.pods;
    assert.deepEqual(Object.keys(p), ['pod', 'node', 'interfaces', 'routes', 'rules', 'networkStatus', 'notes']);
    assert.equal(p.pod, 'default/samplepod');
    const interfaces = p.interfaces as Record<string, unknown>[];
    assert.deepEqual(
      interfaces.map((i) => [i.name, i.index, i.network, i.kind, i.mtu, i.addresses]),
      [
        ['eth0', 2, 'cbr0', 'veth', 1450, ['10.244.1.2/24']],
        ['net1', 3, 'default/macvlan-conf', 'macvlan', 1500, ['192.168.1.200/24']],
      ],
    );
    assert.deepEqual((p.routes as unknown[])[0], { dst: 'default', via: '192.168.1.1', dev: 'net1', table: 'main' });
  });
});
