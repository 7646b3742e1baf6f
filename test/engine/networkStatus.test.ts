import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CniResult } from '../../engine/cni/cniResult';
import { parseCidr, parseIp, type IpAddress, type IpPrefix } from '../../engine/address/ipAddress';
import { createNetworkStatuses, formatNetworkStatusAnnotation } from '../../engine/multus/networkStatus';

const cidr = (text: string) => parseCidr(text) as IpPrefix;
const ip = (text: string) => parseIp(text) as IpAddress;

/** The flannel (bridge) result for a pod on a fresh node1: cni0, the host veth, and eth0 in the pod. */
const flannelResult: CniResult = {
  interfaces: [
    { name: 'cni0', mac: 'aa:aa:aa:aa:aa:aa' },
    { name: 'veth1234abcd', mac: 'bb:bb:bb:bb:bb:bb' },
    { name: 'eth0', mac: 'ce:8b:ac:34:58:a9', sandbox: '/var/run/netns/x' },
  ],
  ips: [{ address: cidr('10.244.1.2/24'), gateway: ip('10.244.1.1'), interface: 2 }],
  routes: [{ dst: cidr('10.244.0.0/16') }, { dst: cidr('0.0.0.0/0'), gw: ip('10.244.1.1') }],
  dns: {},
};

/** The macvlan + host-local result of the seed lab NAD: one sandbox interface, a default route without gw. */
const macvlanResult: CniResult = {
  interfaces: [{ name: 'net1', mac: '86:1d:96:ff:55:0d', sandbox: '/var/run/netns/x' }],
  ips: [{ address: cidr('192.168.1.200/24'), gateway: ip('192.168.1.1'), interface: 0 }],
  routes: [{ dst: cidr('0.0.0.0/0') }],
  dns: {},
};

// domain.md §2.5 "Concrete example": the quickstart pod's annotation as Multus v4.2+ writes it
// (NADC pkg/utils/net-attach-def.go SetNetworkStatus: json.MarshalIndent(entry, "", "    ")
// joined by ","). Go's encoder escapes "<" and ">" in strings, so the nil gateway is \u003cnil\u003e.
const EXPECTED = `[{
    "name": "cbr0",
    "interface": "eth0",
    "ips": [
        "10.244.1.2"
    ],
    "mac": "ce:8b:ac:34:58:a9",
    "default": true,
    "dns": {},
    "gateway": [
        "10.244.1.1"
    ]
},{
    "name": "default/macvlan-conf",
    "interface": "net1",
    "ips": [
        "192.168.1.200"
    ],
    "mac": "86:1d:96:ff:55:0d",
    "dns": {},
    "gateway": [
        "\\u003cnil\\u003e"
    ]
}]`;

describe('network-status (NADC v1.7.6 CreateNetworkStatuses, SetNetworkStatus)', () => {
  it('writes the quickstart annotation byte for byte', () => {
    const entries = [
      ...createNetworkStatuses(flannelResult, 'cbr0', true),
      ...createNetworkStatuses(macvlanResult, 'default/macvlan-conf', false),
    ];
    assert.equal(formatNetworkStatusAnnotation(entries), EXPECTED);
  });

  it('a result without interfaces (cniVersion < 0.3.0) gives no entry', () => {
    assert.deepEqual(createNetworkStatuses({ ...macvlanResult, interfaces: [] }, 'default/old', false), []);
  });

  it('multi-interface results: default goes to the interface owning the gateway IP; index-less IPs to the last sandbox entry', () => {
    const result: CniResult = {
      interfaces: [
        { name: 'a', mac: '02:00:00:00:00:01', sandbox: 's' },
        { name: 'b', mac: '02:00:00:00:00:02', sandbox: 's' },
      ],
      ips: [
        { address: cidr('10.0.0.2/24'), interface: 0 },
        { address: cidr('10.0.1.2/24'), gateway: ip('10.0.1.1'), interface: 1 },
        { address: cidr('10.0.2.2/24') },
      ],
      routes: [],
      dns: { nameservers: ['10.0.0.53'] },
    };
    const entries = createNetworkStatuses(result, 'ns/multi', true);
    assert.deepEqual(
      entries.map((e) => [e.interface, e.ips, e.default]),
      [
        ['a', ['10.0.0.2'], undefined],
        ['b', ['10.0.1.2', '10.0.2.2'], true],
      ],
    );
    assert.match(
      formatNetworkStatusAnnotation(entries),
      /"dns": \{\n {8}"nameservers": \[\n {12}"10\.0\.0\.53"\n {8}\]\n {4}\}/,
    );
  });
});
