import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_CLUSTER,
  formatNetworkStatusMap,
  formatPreviewText,
  previewToJson,
  type ClusterModel,
} from '../../engine';
import { readClusterFile } from '../../engine/clusterModel/clusterFile';
import { HostLocalStore, allocateHostLocal } from '../../engine/ipam/hostLocalAllocator';
import { readHostLocalConfig } from '../../engine/ipam/hostLocalConfig';
import { formatPrefix, parseCidr, parseIp, type IpAddress, type IpPrefix } from '../../engine/address/ipAddress';
import { addressesOf, nad, ok, pod, preview, routesOf } from './previewHelpers';

const ip = (text: string) => parseIp(text) as IpAddress;
const cidr = (text: string) => parseCidr(text) as IpPrefix;

const TWO_NODES: ClusterModel = {
  ...DEFAULT_CLUSTER,
  nodes: [
    DEFAULT_CLUSTER.nodes[1],
    {
      ...DEFAULT_CLUSTER.nodes[1],
      name: 'node2',
      labels: { 'kubernetes.io/hostname': 'node2' },
      podCIDRs: [cidr('10.244.2.0/24')],
    },
  ],
};

const macvlan = (ipam: Record<string, unknown>, cniVersion = '0.4.0') => ({
  cniVersion,
  type: 'macvlan',
  master: 'eth0',
  ipam,
});

function net1(documents: string[], cluster?: ClusterModel): string[][] {
  return preview(documents, cluster).map((p) => (p.error ? [`error: ${p.error}`] : (addressesOf(p).net1 ?? [])));
}

// PLG plugins/ipam/host-local/main.go cmdAdd, backend/allocator/allocator.go, backend/disk/backend.go.
describe('host-local', () => {
  const seed = nad(
    'macvlan-conf',
    macvlan({
      type: 'host-local',
      subnet: '192.168.1.0/24',
      rangeStart: '192.168.1.200',
      rangeEnd: '192.168.1.216',
      gateway: '192.168.1.1',
    }),
  );

  it('keeps state per node: two fresh nodes both hand out .200 (domain.md §6.1), and the preview says so', () => {
    const docs = [
      seed,
      pod('a', { networks: 'macvlan-conf', nodeName: 'node1' }),
      pod('b', { networks: 'macvlan-conf', nodeName: 'node2' }),
    ];
    assert.deepEqual(net1(docs, TWO_NODES), [['192.168.1.200/24'], ['192.168.1.200/24']]);
    const [a] = preview(docs, TWO_NODES);
    assert.match(
      a.notes.join('\n'),
      /Same address 192\.168\.1\.200 on net1 \(default\/macvlan-conf\) as default\/b on node2: host-local keeps its state per node/,
    );
  });

  it('one store per network name: two NADs with different CNI names hand out the same address on one node', () => {
    const other = nad('other', {
      ...macvlan({ type: 'host-local', subnet: '192.168.1.0/24', rangeStart: '192.168.1.200', gateway: '192.168.1.1' }),
      name: 'other-net',
    });
    assert.deepEqual(net1([seed, other, pod('a', { networks: 'macvlan-conf' }), pod('b', { networks: 'other' })]), [
      ['192.168.1.200/24'],
      ['192.168.1.200/24'],
    ]);
  });

  it('skips addresses the cluster model lists as taken on that node, then exhausts with the upstream text', () => {
    const small = nad(
      'small',
      macvlan({ type: 'host-local', subnet: '10.9.0.0/24', rangeStart: '10.9.0.10', rangeEnd: '10.9.0.12' }),
    );
    const cluster: ClusterModel = {
      ...DEFAULT_CLUSTER,
      takenAddresses: [{ ipam: 'host-local', node: 'node1', network: 'small', address: ip('10.9.0.11') }],
    };
    const got = net1([small, ...['a', 'b', 'c'].map((n) => pod(n, { networks: 'small' }))], cluster);
    assert.deepEqual(got.slice(0, 2), [['10.9.0.10/24'], ['10.9.0.12/24']]);
    assert.deepEqual(got[2], [
      'error: [default/c/<pod UID>:small]: error adding container to network "small": failed to allocate for range 0: no IP addresses available in range set: 10.9.0.10-10.9.0.12',
    ]);
  });

  it('resumes after last_reserved_ip from the cluster model (pods came and went), not at the lowest free address', () => {
    const cluster = readClusterFile(
      'nodes: [{ name: node1, podCIDRs: [10.244.1.0/24] }]\n' +
        'takenAddresses: [{ ipam: host-local, node: node1, network: macvlan-conf, address: 192.168.1.205, lastReserved: true }]',
    );
    assert.ok(!('error' in cluster));
    assert.deepEqual(net1([seed, pod('a', { networks: 'macvlan-conf' })], cluster), [['192.168.1.206/24']]);
  });

  it('a range set of several ranges continues in the next range and wraps to the first (range_set.go RangeIter)', () => {
    const conf = readHostLocalConfig({
      ranges: [
        [
          { subnet: '10.0.0.0/29', rangeStart: '10.0.0.5' },
          { subnet: '10.0.1.0/29', rangeEnd: '10.0.1.3' },
        ],
      ],
    });
    assert.ok(!('error' in conf));
    const store = new HostLocalStore();
    store.setLastReserved(0, ip('10.0.0.6'));
    const next = () => {
      const leases = allocateHostLocal(conf, store, undefined);
      assert.ok(!('error' in leases));
      return formatPrefix(leases[0].address);
    };
    // 10.0.0.6 is the first range's end; the second range starts at .1 but its gateway .1 is skipped.
    assert.deepEqual([next(), next(), next(), next()], ['10.0.1.2/29', '10.0.1.3/29', '10.0.0.5/29', '10.0.0.6/29']);
  });

  it('dual stack: one address per range set, both in network-status ips', () => {
    const dual = nad(
      'dual',
      macvlan({ type: 'host-local', ranges: [[{ subnet: '10.8.0.0/24' }], [{ subnet: 'fd00:8::/64' }]] }),
    );
    const [p] = preview([dual, pod('a', { networks: 'dual' })]);
    assert.deepEqual(addressesOf(ok(p)).net1, ['10.8.0.2/24', 'fd00:8::2/64']);
    assert.deepEqual(p.networkStatus[1].ips, ['10.8.0.2', 'fd00:8::2']);
  });

  it('a requested IP (CNI_ARGS IP) is reserved; two requested IPs cannot be parsed (domain.md §2.3, item 9)', () => {
    const req = nad('req', macvlan({ type: 'host-local', subnet: '10.7.0.0/24' }));
    const got = net1([
      req,
      pod('a', { networks: '[{"name":"req","ips":["10.7.0.50/24"]}]' }),
      pod('b', { networks: '[{"name":"req","ips":["10.7.0.60","10.7.0.61"]}]' }),
    ]);
    assert.deepEqual(got[0], ['10.7.0.50/24']);
    assert.deepEqual(got[1], [
      'error: [default/b/<pod UID>:req]: error adding container to network "req": ARGS: error parsing value of pair "IP=10.7.0.60,10.7.0.61": invalid IP address 10.7.0.60,10.7.0.61',
    ]);
  });

  it('a requested IP outside every range set fails after allocation', () => {
    const req = nad('req', macvlan({ type: 'host-local', subnet: '10.7.0.0/24' }));
    const [p] = preview([req, pod('a', { networks: '[{"name":"req","ips":["10.99.0.5"]}]' })]);
    assert.match(p.error ?? '', /: failed to allocate all requested IPs: 10\.99\.0\.5$/);
  });
});

// PLG plugins/ipam/static/main.go LoadIPAMConfig.
describe('static', () => {
  const fixed = (capabilities?: Record<string, boolean>) =>
    nad('fixed', {
      ...macvlan({
        type: 'static',
        addresses: [{ address: '10.6.0.10/24', gateway: '10.6.0.1' }],
        routes: [{ dst: '0.0.0.0/0' }],
      }),
      ...(capabilities ? { capabilities } : {}),
    });

  it('gives every pod the configured address (host bits kept) and says it is the same everywhere', () => {
    const docs = [fixed(), pod('a', { networks: 'fixed' }), pod('b', { networks: 'fixed' })];
    assert.deepEqual(net1(docs), [['10.6.0.10/24'], ['10.6.0.10/24']]);
    assert.match(preview(docs)[0].notes.join('\n'), /Same address 10\.6\.0\.10 on net1/);
  });

  it('a pod `ips` request without the ips capability is appended (CNI_ARGS IP)', () => {
    assert.deepEqual(net1([fixed(), pod('a', { networks: '[{"name":"fixed","ips":["10.6.0.20/24"]}]' })]), [
      ['10.6.0.10/24', '10.6.0.20/24'],
    ]);
  });

  it('with "capabilities": {"ips": true} the request replaces the configured address (runtimeConfig.ips)', () => {
    assert.deepEqual(
      net1([fixed({ ips: true }), pod('a', { networks: '[{"name":"fixed","ips":["10.6.0.30/24"]}]' })]),
      [['10.6.0.30/24']],
    );
  });

  it('requested addresses must be CIDRs', () => {
    const [p] = preview([fixed(), pod('a', { networks: '[{"name":"fixed","ips":["10.6.0.40"]}]' })]);
    assert.match(p.error ?? '', /: the 'ip' field is expected to be in CIDR notation, got: '10\.6\.0\.40'$/);
  });

  // Kernel: net/ipv4/fib_trie.c fib_find_alias puts a new alias before the first one whose
  // priority is not lower, so `ip route` lists one prefix by metric, newest first among equals
  // (checked with iproute2 in a network namespace: metric 10 before 50 whatever the order added).
  it('routes to one destination are listed by metric, then newest first (IPv4)', () => {
    const routes = [
      { dst: '192.168.5.0/24', gw: '10.6.0.2', priority: 10 },
      { dst: '192.168.5.0/24', gw: '10.6.0.3', priority: 50 },
      { dst: '192.168.5.0/24', gw: '10.6.0.4', priority: 50 },
    ];
    const config = nad(
      'metrics',
      macvlan({ type: 'static', addresses: [{ address: '10.6.0.10/24' }], routes }, '1.0.0'),
    );
    const [p] = preview([config, pod('a', { networks: 'metrics' })]);
    assert.deepEqual(
      routesOf(ok(p)).filter((line) => line.startsWith('192.168.5.0/24')),
      [
        '192.168.5.0/24 via 10.6.0.2 dev net1 metric 10',
        '192.168.5.0/24 via 10.6.0.4 dev net1 metric 50',
        '192.168.5.0/24 via 10.6.0.3 dev net1 metric 50',
      ],
    );
  });

  it('more than one address per family needs cniVersion 0.3.0', () => {
    const old = nad(
      'old',
      macvlan({ type: 'static', addresses: [{ address: '10.6.0.1/24' }, { address: '10.6.0.2/24' }] }, '0.2.0'),
    );
    const [p] = preview([old, pod('a', { networks: 'old' })]);
    assert.match(p.error ?? '', /: CNI version 0\.2\.0 does not support more than 1 address per family$/);
  });
});

// WA pkg/config/config.go LoadIPAMConfig, pkg/allocate/allocate.go IterateForAssignment, pkg/iphelpers.
describe('whereabouts', () => {
  const wa = (name: string, ipam: Record<string, unknown>) => nad(name, macvlan({ type: 'whereabouts', ...ipam }));

  it('one pool for the whole cluster, lowest free first: pods on two nodes get different addresses', () => {
    const docs = [
      wa('w', { range: '192.168.2.225/28' }),
      pod('a', { networks: 'w', nodeName: 'node1' }),
      pod('b', { networks: 'w', nodeName: 'node2' }),
    ];
    assert.deepEqual(net1(docs, TWO_NODES), [['192.168.2.225/28'], ['192.168.2.226/28']]);
  });

  it('exclude is masked to its network: 229/30 removes .228-.231 (domain.md §6.4 example)', () => {
    const docs = [
      wa('w', { range: '192.168.2.225/28', exclude: ['192.168.2.229/30', '192.168.2.236/32'] }),
      ...Array.from({ length: 10 }, (_, i) => pod(`p${i}`, { networks: 'w' })),
    ];
    const got = net1(docs).map((list) => list[0]);
    assert.deepEqual(
      got.slice(0, 9),
      ['225', '226', '227', '232', '233', '234', '235', '237', '238'].map((last) => `192.168.2.${last}/28`),
    );
    assert.equal(
      got[9],
      'error: [default/p9/<pod UID>:w]: error adding container to network "w": error at storage engine: Could not allocate IP in range: ip: 192.168.2.225 / - 192.168.2.238 / range: 192.168.2.224/28 / excludeRanges: [192.168.2.229/30 192.168.2.236/32]',
    );
  });

  it('the start-end/prefix form sets both bounds; the gateway is not skipped', () => {
    const docs = [
      wa('w', { range: '10.4.0.1-10.4.0.2/24', gateway: '10.4.0.1' }),
      pod('a', { networks: 'w' }),
      pod('b', { networks: 'w' }),
    ];
    assert.deepEqual(net1(docs), [['10.4.0.1/24'], ['10.4.0.2/24']]);
    assert.deepEqual(preview(docs)[0].networkStatus[1].ips, ['10.4.0.1']);
  });

  it('range_start/range_end inside the usable bounds narrow them; outside ones are ignored', () => {
    const inside = [wa('w', { range: '10.3.0.0/24', range_start: '10.3.0.100' }), pod('a', { networks: 'w' })];
    const outside = [wa('w', { range: '10.3.0.0/24', range_start: '10.4.0.100' }), pod('a', { networks: 'w' })];
    assert.deepEqual(net1(inside), [['10.3.0.100/24']]);
    assert.deepEqual(net1(outside), [['10.3.0.1/24']]);
  });

  it('overlapping ranges share reservations (enable_overlapping_ranges, default true); disabled, they repeat', () => {
    const shared = [
      wa('x', { range: '10.2.0.0/24' }),
      wa('y', { range: '10.2.0.0/25' }),
      pod('a', { networks: 'x' }),
      pod('b', { networks: 'y' }),
    ];
    assert.deepEqual(net1(shared), [['10.2.0.1/24'], ['10.2.0.2/25']]);
    const separate = [
      wa('x', { range: '10.2.0.0/24', enable_overlapping_ranges: false }),
      wa('y', { range: '10.2.0.0/25', enable_overlapping_ranges: false }),
      pod('a', { networks: 'x' }),
      pod('b', { networks: 'y' }),
    ];
    assert.deepEqual(net1(separate), [['10.2.0.1/24'], ['10.2.0.1/25']]);
  });

  it('cluster-model taken addresses are skipped', () => {
    const cluster: ClusterModel = {
      ...DEFAULT_CLUSTER,
      takenAddresses: [{ ipam: 'whereabouts', address: ip('10.1.0.1') }],
    };
    assert.deepEqual(net1([wa('w', { range: '10.1.0.0/24' }), pod('a', { networks: 'w' })], cluster), [
      ['10.1.0.2/24'],
    ]);
  });

  it('a /31 has no usable addresses', () => {
    const [p] = preview([wa('w', { range: '10.1.0.0/31' }), pod('a', { networks: 'w' })]);
    assert.match(
      p.error ?? '',
      /error at storage engine: net mask is too short, subnet 10\.1\.0\.0\/31 has no usable IP addresses, it is too small$/,
    );
  });
});

// PLG plugins/ipam/dhcp/main.go: the address comes from a DHCP server at ADD time.
describe('dhcp', () => {
  it('says "assigned by DHCP at runtime" in text, json and network-status, and invents no address', () => {
    const docs = [nad('d', macvlan({ type: 'dhcp' })), pod('a', { networks: 'd' })];
    const previews = preview(docs);
    assert.deepEqual(addressesOf(ok(previews[0])).net1, []);
    assert.match(formatPreviewText(previews), /inet <assigned by DHCP at runtime>/);
    assert.match(formatPreviewText(previews), /net1 \(default\/d\): address assigned by DHCP at runtime/);
    assert.match(formatNetworkStatusMap(previews), /"ips": \[\n {8}"assigned by DHCP at runtime"\n {4}\]/);
    const json = previewToJson(previews) as { pods: { interfaces: { name: string; addresses: string[] }[] }[] };
    assert.deepEqual(json.pods[0].interfaces[1].addresses, ['assigned by DHCP at runtime']);
  });
});
