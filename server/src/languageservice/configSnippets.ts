/**
 * Whole CNI configurations for the common plugins, each with an IPAM block, as completion
 * offers them for an empty spec.config. Values follow the upstream READMEs' examples.
 */
export interface ConfigSnippet {
  readonly label: string;
  readonly detail: string;
  build(name: string): Record<string, unknown>;
}

const routes = [{ dst: '0.0.0.0/0' }];

export const CONFIG_SNIPPETS: readonly ConfigSnippet[] = [
  {
    label: 'macvlan + host-local',
    detail: 'macvlan in bridge mode on eth0, addresses from a host-local range (per node)',
    build: (name) => ({
      cniVersion: '0.3.1',
      name,
      type: 'macvlan',
      master: 'eth0',
      mode: 'bridge',
      ipam: {
        type: 'host-local',
        subnet: '192.168.1.0/24',
        rangeStart: '192.168.1.200',
        rangeEnd: '192.168.1.216',
        routes,
        gateway: '192.168.1.1',
      },
    }),
  },
  {
    label: 'macvlan + whereabouts',
    detail: 'macvlan in bridge mode, addresses unique across the cluster (whereabouts)',
    build: (name) => ({
      cniVersion: '0.3.1',
      name,
      type: 'macvlan',
      master: 'eth0',
      mode: 'bridge',
      ipam: { type: 'whereabouts', range: '192.168.2.225/28', exclude: ['192.168.2.229/30', '192.168.2.236/32'] },
    }),
  },
  {
    label: 'ipvlan + host-local',
    detail: 'ipvlan l2 on eth0 (shares the master MAC)',
    build: (name) => ({
      cniVersion: '0.3.1',
      name,
      type: 'ipvlan',
      master: 'eth0',
      mode: 'l2',
      ipam: {
        type: 'host-local',
        subnet: '192.168.3.0/24',
        rangeStart: '192.168.3.100',
        rangeEnd: '192.168.3.200',
        gateway: '192.168.3.1',
      },
    }),
  },
  {
    label: 'bridge + host-local',
    detail: 'a Linux bridge on the node with the gateway address',
    build: (name) => ({
      cniVersion: '0.3.1',
      name,
      type: 'bridge',
      bridge: 'br0',
      isGateway: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: '10.10.0.0/16', gateway: '10.10.0.1' }]] },
    }),
  },
  {
    label: 'host-device + static',
    detail: 'moves a host device into the pod with a fixed address',
    build: (name) => ({
      cniVersion: '0.3.1',
      name,
      type: 'host-device',
      device: 'eth1',
      ipam: { type: 'static', addresses: [{ address: '10.10.0.10/24', gateway: '10.10.0.1' }] },
    }),
  },
  {
    label: 'vlan + dhcp',
    detail: 'an 802.1Q VLAN on eth0, addresses from DHCP (needs the dhcp daemon)',
    build: (name) => ({ cniVersion: '0.3.1', name, type: 'vlan', master: 'eth0', vlanId: 100, ipam: { type: 'dhcp' } }),
  },
  {
    label: 'sriov + whereabouts',
    detail: 'an SR-IOV VF (pair it with the k8s.v1.cni.cncf.io/resourceName annotation)',
    build: (name) => ({
      cniVersion: '0.3.1',
      name,
      type: 'sriov',
      vlan: 0,
      ipam: { type: 'whereabouts', range: '10.56.217.0/24' },
    }),
  },
  {
    label: 'conflist: macvlan + host-local, tuning',
    detail: 'a plugin chain: macvlan, then tuning to set a sysctl',
    build: (name) => ({
      cniVersion: '0.4.0',
      name,
      plugins: [
        {
          type: 'macvlan',
          master: 'eth0',
          mode: 'bridge',
          ipam: { type: 'host-local', subnet: '192.168.4.0/24', routes },
        },
        { type: 'tuning', sysctl: { 'net.ipv4.conf.IFNAME.arp_notify': '1' } },
      ],
    }),
  },
];
