import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CLUSTER, formatPreviewText, type ClusterModel } from '../../engine';
import { addressesOf, nad, ok, pod, preview, routesOf } from './previewHelpers';

const WITH_ETH1: ClusterModel = {
  ...DEFAULT_CLUSTER,
  nodes: DEFAULT_CLUSTER.nodes.map((node) => ({
    ...node,
    interfaces: [
      { name: 'eth0', mtu: 1500 },
      { name: 'eth1', mtu: 9000, mac: '0c:c4:7a:00:00:01', pciAddress: '0000:03:00.0' },
    ],
  })),
};
const V111: ClusterModel = { ...WITH_ETH1, pluginVersion: 'v1.1.1' };
const hostLocal = (subnet: string, extra: Record<string, unknown> = {}) => ({ type: 'host-local', subnet, ...extra });

function run(config: Record<string, unknown>, networks = 'n', cluster: ClusterModel = WITH_ETH1) {
  return preview([nad('n', config), pod('p', { networks })], cluster)[0];
}

function link(config: Record<string, unknown>, networks = 'n', cluster: ClusterModel = WITH_ETH1) {
  const p = ok(run(config, networks, cluster));
  return p.interfaces[p.interfaces.length - 1];
}

function failure(config: Record<string, unknown>, networks = 'n', cluster: ClusterModel = WITH_ETH1): string {
  const p = run(config, networks, cluster);
  assert.ok(p.error, 'expected the pod to be refused');
  return p.error.replace(/^\[default\/p\/<pod UID>:[^\]]*\]: error adding container to network "[^"]*": /, '');
}

// PLG plugins/main/macvlan/macvlan.go
describe('macvlan', () => {
  it("takes the master's MTU unless set, and refuses one above it", () => {
    assert.equal(
      link({ cniVersion: '0.4.0', type: 'macvlan', master: 'eth1', ipam: hostLocal('10.0.0.0/24') }).mtu,
      9000,
    );
    assert.equal(
      link({ cniVersion: '0.4.0', type: 'macvlan', master: 'eth1', mtu: 1400, ipam: hostLocal('10.0.0.0/24') }).mtu,
      1400,
    );
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'macvlan', master: 'eth0', mtu: 1600, ipam: hostLocal('10.0.0.0/24') }),
      'invalid MTU 1600, must be [0, master MTU(1500)]',
    );
  });

  it('mode and master errors in the plugin words', () => {
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'macvlan', master: 'eth0', mode: 'fast' }),
      'unknown macvlan mode: "fast"',
    );
    assert.equal(failure({ cniVersion: '0.4.0', type: 'macvlan', master: 'ens9' }), 'Link not found');
  });

  it('no ipam.type is an L2-only link: no address, and the status entry has none', () => {
    const p = ok(run({ cniVersion: '0.4.0', type: 'macvlan', master: 'eth0', ipam: {} }));
    assert.deepEqual(addressesOf(p).net1, []);
    assert.equal(p.networkStatus[1].ips, undefined);
  });

  it('the pod `mac` request (CNI_ARGS MAC) sets the MAC; otherwise it is derived, stable, locally administered', () => {
    const conf = { cniVersion: '0.4.0', type: 'macvlan', master: 'eth0', ipam: hostLocal('10.0.0.0/24') };
    assert.equal(link(conf, '[{"name":"n","mac":"02:AA:BB:CC:DD:EE"}]').mac, '02:aa:bb:cc:dd:ee');
    assert.match(link(conf).mac, /^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
    assert.equal(link(conf).mac, link(conf).mac);
  });

  it('a default master is the node interface holding the default route (the first in the model)', () => {
    const l = link({ cniVersion: '0.4.0', type: 'macvlan', ipam: hostLocal('10.0.0.0/24') });
    assert.equal(l.mtu, 1500);
    assert.equal(l.peerIndex, 2);
  });
});

// PLG plugins/main/ipvlan/ipvlan.go
describe('ipvlan', () => {
  it("shares the master's MAC and MTU; IPAM is required", () => {
    const l = link({ cniVersion: '0.4.0', type: 'ipvlan', master: 'eth1', ipam: hostLocal('10.0.0.0/24') });
    assert.equal(l.mac, '0c:c4:7a:00:00:01');
    assert.equal(l.mtu, 9000);
    assert.equal(failure({ cniVersion: '0.4.0', type: 'ipvlan', master: 'eth1' }), 'no plugin name provided');
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'ipvlan', master: 'eth1', mode: 'l4', ipam: hostLocal('10.0.0.0/24') }),
      'unknown ipvlan mode: "l4"',
    );
  });
});

// PLG plugins/main/bridge/bridge.go calcGateways, cmdAdd
describe('bridge', () => {
  it('isDefaultGateway adds a default route via the computed gateway (.1)', () => {
    const p = ok(
      run({
        cniVersion: '0.4.0',
        type: 'bridge',
        bridge: 'br1',
        isDefaultGateway: true,
        ipam: hostLocal('10.5.0.0/24'),
      }),
    );
    assert.ok(routesOf(p).includes('default via 10.5.0.1 dev net1'));
    assert.deepEqual(p.networkStatus[1].gateway, ['10.5.0.1']);
  });

  it('MAC: capability mac over cni-args mac over CNI_ARGS MAC', () => {
    const conf = { cniVersion: '0.4.0', type: 'bridge', ipam: hostLocal('10.5.0.0/24') };
    assert.equal(
      link(conf, '[{"name":"n","cni-args":{"mac":"02:00:00:00:00:0a"},"mac":"02:00:00:00:00:0b"}]').mac,
      '02:00:00:00:00:0a',
    );
    assert.equal(
      link(
        { ...conf, capabilities: { mac: true } },
        '[{"name":"n","cni-args":{"mac":"02:00:00:00:00:0a"},"mac":"02:00:00:00:00:0b"}]',
      ).mac,
      '02:00:00:00:00:0b',
    );
  });

  it('validation errors', () => {
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'bridge', vlan: 4095 }),
      'invalid VLAN ID 4095 (must be between 0 and 4094)',
    );
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'bridge', hairpinMode: true, promiscMode: true }),
      'cannot set hairpin mode and promiscuous mode at the same time',
    );
  });
});

// PLG plugins/main/ptp/ptp.go setupContainerVeth (the oracle checks the same against the kernel).
describe('ptp', () => {
  it('replaces the connected route with a host route to the gateway and the subnet via it', () => {
    const p = ok(run({ cniVersion: '0.4.0', type: 'ptp', ipam: hostLocal('10.60.0.0/24') }));
    assert.deepEqual(
      routesOf(p).filter((r) => r.includes('net1')),
      ['10.60.0.0/24 via 10.60.0.1 dev net1 src 10.60.0.2', '10.60.0.1 dev net1 scope link src 10.60.0.2'],
    );
    assert.equal(failure({ cniVersion: '0.4.0', type: 'ptp' }), 'no plugin name provided');
  });
});

// PLG plugins/main/host-device/host-device.go
describe('host-device', () => {
  it('moves the node interface in under CNI_IFNAME with its MTU and MAC; a second pod cannot take it', () => {
    const conf = { cniVersion: '0.4.0', type: 'host-device', device: 'eth1', ipam: hostLocal('10.0.0.0/24') };
    const [a, b] = preview([nad('n', conf), pod('a', { networks: 'n' }), pod('b', { networks: 'n' })], WITH_ETH1);
    const moved = ok(a).interfaces[1];
    assert.deepEqual([moved.name, moved.mtu, moved.mac], ['net1', 9000, '0c:c4:7a:00:00:01']);
    assert.match(b.error ?? '', /: failed to find host device: Link not found$/);
  });

  it('selects by pciBusID; needs a selector', () => {
    assert.equal(link({ cniVersion: '0.4.0', type: 'host-device', pciBusID: '0000:03:00.0' }).mtu, 9000);
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'host-device' }),
      'specify either "device", "hwaddr", "kernelpath" or "pciBusID"',
    );
  });
});

// PLG plugins/main/vlan/vlan.go
describe('vlan', () => {
  it("takes the master's MTU and MAC; vlanId 4095 is refused with the plugin's (misleading) text", () => {
    const l = link({ cniVersion: '0.4.0', type: 'vlan', master: 'eth1', vlanId: 10, ipam: hostLocal('10.0.0.0/24') });
    assert.deepEqual([l.mtu, l.mac, l.peerIndex], [9000, '0c:c4:7a:00:00:01', 3]);
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'vlan', master: 'eth1', vlanId: 4095, ipam: hostLocal('10.0.0.0/24') }),
      'invalid VLAN ID 4095 (must be between 0 and 4095 inclusive)',
    );
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'vlan', vlanId: 1 }),
      '"master" field is required. It specifies the host interface name to create the VLAN for',
    );
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'vlan', master: 'eth1', vlanId: 1 }),
      'failed to execute IPAM delegate: no plugin name provided',
    );
  });
});

// PLG plugins/main/tap/tap.go, plugins/main/dummy/dummy.go
describe('tap and dummy', () => {
  it('a tap has no carrier until opened', () => {
    const text = formatPreviewText([ok(run({ cniVersion: '0.4.0', type: 'tap', mac: '02:00:00:00:00:07' }))]);
    assert.match(
      text,
      /net1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000/,
    );
    assert.match(text, /link\/ether 02:00:00:00:00:07/);
  });

  it('tap does not exist in the v1.1.1 plugins either (added in v1.3.0)', () => {
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'tap' }, 'n', V111),
      'failed to find plugin "tap" in path [/opt/cni/bin]',
    );
  });

  it('dummy needs IPAM, and does not exist in the v1.1.1 plugins', () => {
    assert.equal(failure({ cniVersion: '0.4.0', type: 'dummy' }), 'dummy interface requires an IPAM configuration');
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'dummy', ipam: hostLocal('10.0.0.0/24') }, 'n', V111),
      'failed to find plugin "dummy" in path [/opt/cni/bin]',
    );
  });
});

// SRIOV pkg/config/config.go LoadConf; OVS pkg/common/common.go, pkg/plugin/plugin.go
describe('sriov and ovs', () => {
  it('sriov needs the VF (deviceID) and checks vlan', () => {
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'sriov' }),
      'SRIOV-CNI failed to load netconf: LoadConf(): VF pci addr is required',
    );
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'sriov', deviceID: '0000:03:02.0', vlan: 5000 }),
      'SRIOV-CNI failed to load netconf: LoadConf(): vlan id 5000 invalid: value must be in the range 0-4094',
    );
    assert.equal(
      link({ cniVersion: '0.4.0', type: 'sriov', deviceID: '0000:03:02.0', ipam: hostLocal('10.0.0.0/24') }).kind,
      'vf',
    );
  });

  it('ovs needs a bridge and a usable trunk', () => {
    assert.equal(failure({ cniVersion: '0.4.0', type: 'ovs' }), 'failed to get bridge name');
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'ovs', bridge: 'br0', trunk: [{ minID: 10, maxID: 5 }] }),
      'minID is greater than maxID in trunk parameter',
    );
    assert.equal(link({ cniVersion: '0.4.0', type: 'ovs', bridge: 'br0', mtu: 1400 }).mtu, 1400);
  });
});

// PLG plugins/meta/tuning/tuning.go, sbr/main.go, portmap/main.go, bandwidth/main.go
describe('chained plugins', () => {
  const chain = (...plugins: Record<string, unknown>[]) => ({
    cniVersion: '0.4.0',
    name: 'chain',
    plugins: [
      { type: 'macvlan', master: 'eth0', ipam: hostLocal('10.30.0.0/24', { routes: [{ dst: '0.0.0.0/0' }] }) },
      ...plugins,
    ],
  });

  it('tuning sets MTU, MAC and sysctls on the interface, and the status shows the new MAC', () => {
    const p = ok(
      run(
        chain({
          type: 'tuning',
          mtu: 1280,
          mac: '02:11:22:33:44:55',
          sysctl: { 'net.ipv4.conf.IFNAME.arp_filter': '1' },
        }),
      ),
    );
    const l = p.interfaces[1];
    assert.deepEqual([l.mtu, l.mac, l.sysctls], [1280, '02:11:22:33:44:55', { 'net/ipv4/conf/net1/arp_filter': '1' }]);
    assert.equal(p.networkStatus[1].mac, '02:11:22:33:44:55');
    assert.equal(
      failure(chain({ type: 'tuning', sysctl: { 'kernel.shmmax': '1' } })),
      'plugin type="tuning" failed (add): invalid net sysctl key: "kernel.shmmax"',
    );
    assert.equal(failure({ cniVersion: '0.4.0', type: 'tuning' }), 'Required prevResult missing');
  });

  it('sbr moves the routes to table 100 and adds a rule for the address', () => {
    const p = ok(run(chain({ type: 'sbr' })));
    assert.equal(routesOf(p).filter((r) => r.includes('net1')).length, 0);
    assert.deepEqual(
      p.rules.map((r) => [r.priority, r.table]),
      [[32765, 100]],
    );
    const text = formatPreviewText([p]);
    assert.match(
      text,
      /\$ ip rule\n0:\tfrom all lookup local\n32765:\tfrom 10\.30\.0\.2 lookup 100\n32766:\tfrom all lookup main/,
    );
    assert.match(
      text,
      /\$ ip route show table 100\ndefault via 10\.30\.0\.1 dev net1\n10\.30\.0\.0\/24 dev net1 proto kernel scope link src 10\.30\.0\.2/,
    );
  });

  it('sbr `table` (current plugins) only adds rules; v1.1.1 ignores the key and moves routes', () => {
    const current = ok(run(chain({ type: 'sbr', table: 500 })));
    assert.deepEqual(
      current.rules.map((r) => r.table),
      [500],
    );
    assert.ok(routesOf(current).some((r) => r.includes('net1')));
    const old = ok(run(chain({ type: 'sbr', table: 500 }), 'n', V111));
    assert.deepEqual(
      old.rules.map((r) => r.table),
      [100],
    );
  });

  it('portmap and bandwidth change no interface; bandwidth needs a veth peer', () => {
    const before = ok(run(chain())).interfaces;
    const mapped = ok(
      run(
        { ...chain({ type: 'portmap', capabilities: { portMappings: true } }) },
        '[{"name":"n","portMappings":[{"hostPort":8080,"containerPort":80}]}]',
      ),
    );
    assert.deepEqual(mapped.interfaces, before);
    assert.match(mapped.notes.join('\n'), /port 8080\/tcp forwards to net1's port 80/);
    assert.equal(
      failure(chain({ type: 'bandwidth', ingressRate: 1000, ingressBurst: 100 })),
      'plugin type="bandwidth" failed (add): container interface net1 has no veth peer: no veth peer of container interface found in host ns',
    );
    assert.equal(
      failure(chain({ type: 'bandwidth', ingressRate: 1000 })),
      'plugin type="bandwidth" failed (add): if rate is set, burst must also be set',
    );
  });
});

// CNI pkg/version (plugin supported versions), pkg/types/internal/convert.go; libcni FindInPath.
describe('versions and binaries', () => {
  const conf = (cniVersion?: string) => ({
    ...(cniVersion ? { cniVersion } : {}),
    type: 'macvlan',
    master: 'eth0',
    ipam: hostLocal('10.0.0.0/24'),
  });

  it('cniVersion 1.1.0 is refused by the v1.1.1 plugins and accepted by current ones', () => {
    assert.equal(
      failure(conf('1.1.0'), 'n', V111),
      'incompatible CNI versions; config is "1.1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0"]',
    );
    assert.equal(run(conf('1.1.0')).error, undefined);
  });

  it('no cniVersion (0.1.0 results carry no interfaces): the pod works but Multus writes no status entry for it', () => {
    const p = ok(run(conf()));
    assert.deepEqual(addressesOf(p).net1, ['10.0.0.2/24']);
    assert.deepEqual(
      p.networkStatus.map((s) => s.name),
      ['cbr0'],
    );
  });

  it('a plugin the nodes do not have', () => {
    assert.equal(
      failure({ cniVersion: '0.4.0', type: 'antrea' }),
      'failed to find plugin "antrea" in path [/opt/cni/bin]',
    );
  });
});

// PLG pkg/ipam/ipam_linux.go ConfigureIface at v1.1.1 vs HEAD; sbr/main.go getNextTableID; MUL pkg/types/conf.go addCNIArgsInConfList.
describe('version differences and per-interface details', () => {
  const unreachable = {
    cniVersion: '0.4.0',
    type: 'macvlan',
    master: 'eth0',
    ipam: {
      type: 'static',
      addresses: [{ address: '10.20.0.10/24' }],
      routes: [{ dst: '10.22.0.0/16', gw: '192.0.2.1' }],
    },
  };

  it('an unreachable route gateway: v1.1.1 and current word the error differently (Go %v of an IPNet value)', () => {
    assert.equal(
      failure(unreachable, 'n', V111),
      "failed to add route '{10.22.0.0 ffff0000} via 192.0.2.1 dev net1': network is unreachable",
    );
    assert.equal(
      failure(unreachable),
      "failed to add route '{10.22.0.0 ffff0000} via 192.0.2.1 dev net1 metric 0 (Scope: universe, Table: 0)': network is unreachable",
    );
  });

  it('sbr on two interfaces uses one table each: 100, then 101', () => {
    const sbr = (name: string, subnet: string) =>
      nad(name, {
        cniVersion: '0.4.0',
        name,
        plugins: [{ type: 'macvlan', master: 'eth0', ipam: { type: 'host-local', subnet } }, { type: 'sbr' }],
      });
    const [p] = preview([sbr('a', '10.61.0.0/24'), sbr('b', '10.62.0.0/24'), pod('p', { networks: 'a,b' })], WITH_ETH1);
    assert.deepEqual(
      ok(p).rules.map((r) => [r.priority, r.table]),
      [
        [32765, 100],
        [32764, 101],
      ],
    );
    assert.deepEqual(
      p.tables.map((t) => t.table),
      [100, 101],
    );
  });

  it('cni-args reach every plugin of a conflist as args.cni (tuning mtu from the annotation wins)', () => {
    const conf = {
      cniVersion: '0.4.0',
      name: 'n',
      plugins: [
        { type: 'macvlan', master: 'eth0', ipam: { type: 'host-local', subnet: '10.63.0.0/24' } },
        { type: 'tuning', mtu: 1400 },
      ],
    };
    assert.equal(link(conf, '[{"name":"n","cni-args":{"mtu":1300}}]').mtu, 1300);
    assert.equal(link(conf).mtu, 1400);
  });
});

// MUL pkg/k8sclient/k8sclient.go getKubernetesDelegate (resourceName), pkg/types/conf.go delegateAddDeviceID.
describe('k8s.v1.cni.cncf.io/resourceName', () => {
  const sriov = nad(
    'sriov-net',
    { cniVersion: '0.4.0', type: 'sriov', vlan: 100, ipam: { type: 'host-local', subnet: '10.56.0.0/24' } },
    'default',
    {
      'k8s.v1.cni.cncf.io/resourceName': 'intel.com/sriov_netdevice',
    },
  );
  const requesting =
    "  containers:\n    - name: app\n      resources:\n        requests: { intel.com/sriov_netdevice: '1' }\n        limits: { intel.com/sriov_netdevice: '1' }";

  it('a pod that requests the resource gets a device: Multus injects deviceID and the VF comes up', () => {
    const [p] = preview([sriov, pod('p', { networks: 'sriov-net', extraSpec: requesting })]);
    assert.deepEqual(addressesOf(ok(p)).net1, ['10.56.0.2/24']);
    assert.match(p.notes.join('\n'), /SR-IOV VF <intel\.com\/sriov_netdevice device>/);
  });

  it('without the request the device plugin allocated nothing, and sriov-cni refuses', () => {
    const [p] = preview([sriov, pod('p', { networks: 'sriov-net' })]);
    assert.match(p.error ?? '', /: SRIOV-CNI failed to load netconf: LoadConf\(\): VF pci addr is required$/);
  });
});

// Users' most frequent macvlan/ipvlan surprise (multus-cni issue #1023): the node itself is out of reach.
describe('macvlan and ipvlan: the pod cannot reach its own node over the master', () => {
  for (const type of ['macvlan', 'ipvlan'] as const) {
    it(`${type}: a note names the interface, the master and the node`, () => {
      const p = ok(run({ cniVersion: '0.4.0', type, master: 'eth1', ipam: hostLocal('10.0.0.0/24') }));
      assert.ok(
        p.notes.includes(
          `net1 (${type} on eth1) cannot reach node node1's own addresses on eth1: the kernel does not pass traffic between a ${type} child and its master (reach the node over eth0, or give the node a ${type} interface of its own).`,
        ),
        p.notes.join('\n'),
      );
    });
  }

  it('bridge has no such note', () => {
    const p = ok(run({ cniVersion: '0.4.0', type: 'bridge', ipam: hostLocal('10.0.0.0/24') }));
    assert.ok(!p.notes.some((n) => /cannot reach node/.test(n)), p.notes.join('\n'));
  });
});
