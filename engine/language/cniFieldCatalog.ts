/**
 * What an editor needs to know about the keys of a CNI configuration: which keys a plugin or an
 * IPAM type reads, their JSON kind, allowed values and a one-line doc with the upstream source.
 * Used for completion and hover until the JSON Schemas in schemas/ carry the same knowledge.
 */
export interface FieldInfo {
  readonly key: string;
  readonly kind: 'string' | 'number' | 'boolean' | 'object' | 'array';
  readonly doc: string;
  readonly values?: readonly string[];
  /** What a completion inserts as the value (JSON text), when there is an obvious one. */
  readonly example?: string;
}

export interface TypeInfo {
  readonly type: string;
  readonly doc: string;
  readonly source: string;
  readonly fields: readonly FieldInfo[];
}

export const CNI_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

const f = (
  key: string,
  kind: FieldInfo['kind'],
  doc: string,
  extra: { values?: readonly string[]; example?: string } = {},
): FieldInfo => ({ key, kind, doc, ...extra });

const IPAM = f('ipam', 'object', 'IPAM configuration: `type` names the IPAM plugin that hands out addresses.', {
  example: '{}',
});
const DNS = f('dns', 'object', 'DNS settings (`nameservers`, `domain`, `search`, `options`) returned in the result.');
const MTU = f('mtu', 'number', 'MTU of the interface; 0 keeps the kernel default.');
const MAC = f(
  'mac',
  'string',
  'Static MAC address of the interface (overridden by CNI_ARGS MAC and runtimeConfig.mac).',
);
const CAPABILITIES = f(
  'capabilities',
  'object',
  'Capabilities the runtime may fill into runtimeConfig (`ips`, `mac`, `portMappings`, ...).',
);

/** Keys every plugin object may carry (CNI SPEC.md "Plugin configuration objects"). */
export const COMMON_PLUGIN_FIELDS: readonly FieldInfo[] = [
  f('cniVersion', 'string', 'CNI spec version of this configuration; must be exactly one the plugin supports.', {
    values: CNI_VERSIONS,
  }),
  f('name', 'string', 'Network name; Multus fills in the NAD name when it is missing or empty.'),
  f('type', 'string', 'Plugin binary to run (looked up in the CNI bin directory).'),
  CAPABILITIES,
];

/** Keys of a conflist (CNI SPEC.md "Network configuration list"). */
export const CONFLIST_FIELDS: readonly FieldInfo[] = [
  COMMON_PLUGIN_FIELDS[0],
  COMMON_PLUGIN_FIELDS[1],
  f('plugins', 'array', 'Plugins run in order; each gets the previous result (chaining).', { example: '[]' }),
  f('disableCheck', 'boolean', 'Skip CHECK for this network.'),
  f('disableGC', 'boolean', 'Skip GC for this network (cniVersion 1.1.0).'),
];

export const PLUGINS: readonly TypeInfo[] = [
  {
    type: 'macvlan',
    doc: 'A MAC-VLAN child of `master` with its own MAC address in the pod; cannot talk to the master itself.',
    source: 'PLG plugins/main/macvlan/macvlan.go',
    fields: [
      f('master', 'string', 'Host interface the macvlan sits on; default: the interface of the default route.', {
        example: '"eth0"',
      }),
      f('mode', 'string', 'macvlan mode; `""` means bridge.', { values: ['bridge', 'private', 'vepa', 'passthru'] }),
      f('mtu', 'number', "MTU, at most the master's MTU (`invalid MTU %d, must be [0, master MTU(%d)]`)."),
      MAC,
      f('linkInContainer', 'boolean', 'Look `master` up in the pod network namespace instead of the host.'),
      f('bcqueuelen', 'number', 'Broadcast queue length (PLG v1.6.0+).'),
      IPAM,
      DNS,
    ],
  },
  {
    type: 'ipvlan',
    doc: "An IPVLAN child of `master`: shares the master's MAC; cannot reach the host through the master.",
    source: 'PLG plugins/main/ipvlan/ipvlan.go',
    fields: [
      f(
        'master',
        'string',
        'Host interface; default: the default-route interface (or the prevResult interface when chained).',
        {
          example: '"eth0"',
        },
      ),
      f('mode', 'string', 'ipvlan mode; `""` means l2.', { values: ['l2', 'l3', 'l3s'] }),
      MTU,
      f('linkInContainer', 'boolean', 'Look `master` up in the pod network namespace.'),
      IPAM,
      DNS,
    ],
  },
  {
    type: 'bridge',
    doc: 'A veth pair from the pod to a Linux bridge on the host.',
    source: 'PLG plugins/main/bridge/bridge.go',
    fields: [
      f('bridge', 'string', 'Bridge name; default `cni0`.', { example: '"cni0"' }),
      f('isGateway', 'boolean', 'Give the bridge the gateway address.'),
      f('isDefaultGateway', 'boolean', 'Implies isGateway and adds a default route via the gateway.'),
      f('forceAddress', 'boolean', 'Replace a different address the bridge already has.'),
      f('ipMasq', 'boolean', 'Masquerade traffic leaving the subnet.'),
      f('ipMasqBackend', 'string', 'Masquerading backend.', { values: ['iptables', 'nftables'] }),
      MTU,
      f('hairpinMode', 'boolean', 'Let traffic go back out the port it came in (not with promiscMode).'),
      f('promiscMode', 'boolean', 'Put the bridge in promiscuous mode.'),
      f('vlan', 'number', 'VLAN tag of the port, 0..4094.'),
      f('vlanTrunk', 'array', 'Trunk VLANs: `{id}` or `{minID, maxID}` entries.'),
      f('preserveDefaultVlan', 'boolean', 'Keep the default VLAN on the port.'),
      f('macspoofchk', 'boolean', "Drop frames with a source MAC other than the interface's."),
      f('enabledad', 'boolean', 'Run duplicate address detection on the container interface.'),
      f('disableContainerInterface', 'boolean', 'Leave the container interface down (no IPAM allowed).'),
      f('portIsolation', 'boolean', 'Isolate the port from other isolated ports (PLG v1.7.0+).'),
      IPAM,
      DNS,
    ],
  },
  {
    type: 'host-device',
    doc: 'Moves an existing host device into the pod and renames it to the interface name.',
    source: 'PLG plugins/main/host-device/host-device.go',
    fields: [
      f('device', 'string', 'Device name on the host.', { example: '"eth1"' }),
      f('hwaddr', 'string', 'Select the device by MAC address.'),
      f('kernelpath', 'string', 'Select the device by its /sys/devices/... path.'),
      f('pciBusID', 'string', 'Select the device by PCI address (set by Multus from resourceName).'),
      IPAM,
      DNS,
    ],
  },
  {
    type: 'sriov',
    doc: 'An SR-IOV virtual function moved into the pod (k8snetworkplumbingwg/sriov-cni).',
    source: 'SRIOV pkg/types/types.go',
    fields: [
      f('deviceID', 'string', 'VF PCI address; Multus injects it from the resourceName allocation.'),
      f('vlan', 'number', 'VLAN id 0..4094.'),
      f('vlanQoS', 'number', 'VLAN QoS PCP 0..7 (needs vlan).'),
      f('vlanProto', 'string', 'VLAN protocol (needs vlan).', { values: ['802.1q', '802.1ad'] }),
      MAC,
      MTU,
      f('spoofchk', 'string', 'MAC spoof check.', { values: ['on', 'off'] }),
      f('trust', 'string', 'VF trust mode.', { values: ['on', 'off'] }),
      f('link_state', 'string', 'VF link state.', { values: ['auto', 'enable', 'disable'] }),
      f('min_tx_rate', 'number', 'Minimum TX rate in Mbps (0 disables).'),
      f('max_tx_rate', 'number', 'Maximum TX rate in Mbps (0 disables).'),
      IPAM,
    ],
  },
  {
    type: 'ptp',
    doc: 'A veth pair; all pod traffic is routed through the host side.',
    source: 'PLG plugins/main/ptp/ptp.go',
    fields: [f('ipMasq', 'boolean', 'Masquerade traffic leaving the subnet.'), MTU, IPAM, DNS],
  },
  {
    type: 'vlan',
    doc: 'An 802.1Q VLAN sub-interface of `master` in the pod.',
    source: 'PLG plugins/main/vlan/vlan.go',
    fields: [
      f('master', 'string', 'Host interface to create the VLAN on (required).', { example: '"eth0"' }),
      f('vlanId', 'number', 'VLAN id 0..4094.', { example: '100' }),
      MTU,
      f('linkInContainer', 'boolean', 'Look `master` up in the pod network namespace.'),
      IPAM,
      DNS,
    ],
  },
  {
    type: 'tuning',
    doc: 'Chained: changes sysctls and link settings of the interface the previous plugin made.',
    source: 'PLG plugins/meta/tuning/tuning.go',
    fields: [
      f('sysctl', 'object', 'Interface sysctls (`net.ipv4.conf.IFNAME.arp_notify`); must be under /proc/sys/net.', {
        example: '{}',
      }),
      MAC,
      MTU,
      f('promisc', 'boolean', 'Promiscuous mode.'),
      f('allmulti', 'boolean', 'All-multicast mode.'),
      f('txQLen', 'number', 'Transmit queue length.'),
    ],
  },
  {
    type: 'bandwidth',
    doc: 'Chained: rate limits with tc; needs a veth peer (not for macvlan, ipvlan, sriov).',
    source: 'PLG plugins/meta/bandwidth/main.go',
    fields: [
      f('ingressRate', 'number', 'Ingress rate in bits/s (needs ingressBurst).'),
      f('ingressBurst', 'number', 'Ingress burst in bits.'),
      f('egressRate', 'number', 'Egress rate in bits/s (needs egressBurst).'),
      f('egressBurst', 'number', 'Egress burst in bits.'),
    ],
  },
  {
    type: 'portmap',
    doc: 'Chained: host port forwarding (capability portMappings).',
    source: 'PLG plugins/meta/portmap/main.go',
    fields: [
      f('snat', 'boolean', 'Masquerade hairpin traffic (default true).'),
      f('masqAll', 'boolean', 'Masquerade all traffic to mapped ports.'),
      f('markMasqBit', 'number', 'Mark bit 0..31 (default 13).'),
      f('backend', 'string', 'Backend.', { values: ['iptables', 'nftables'] }),
    ],
  },
  {
    type: 'sbr',
    doc: 'Chained: source-based routing, so replies leave through the interface they came in on.',
    source: 'PLG plugins/meta/sbr/main.go',
    fields: [f('table', 'number', 'Routing table id; default: the first free one from 100.')],
  },
  {
    type: 'vrf',
    doc: 'Chained: puts the interface into a VRF (cniVersion 0.3.1+).',
    source: 'PLG plugins/meta/vrf/main.go',
    fields: [
      f('vrfname', 'string', 'VRF name (required).', { example: '"vrf-blue"' }),
      f('table', 'number', 'Routing table of the VRF; 0 picks the first free one.'),
    ],
  },
  {
    type: 'firewall',
    doc: "Chained: iptables or firewalld rules that admit the pod's traffic (cniVersion 0.4.0+).",
    source: 'PLG plugins/meta/firewall/firewall.go',
    fields: [
      f('backend', 'string', 'Firewall backend.', { values: ['iptables', 'firewalld'] }),
      f('ingressPolicy', 'string', 'Ingress policy (non-open policies need a bridge).', {
        values: ['open', 'same-bridge', 'isolated'],
      }),
      f('firewalldZone', 'string', 'firewalld zone (default trusted).'),
      f('iptablesAdminChainName', 'string', 'Admin chain (default CNI-ADMIN).'),
    ],
  },
];

const ROUTES = f('routes', 'array', 'Routes returned to the plugin: `{ "dst": "0.0.0.0/0", "gw": "..." }` entries.', {
  example: '[]',
});
const HOST_LOCAL_RANGE_FIELDS: readonly FieldInfo[] = [
  f('subnet', 'string', 'CIDR to allocate from; must be the network address.', { example: '"192.168.1.0/24"' }),
  f('rangeStart', 'string', 'First address handed out; default: network + 1 (the gateway is skipped).'),
  f('rangeEnd', 'string', 'Last address handed out; default: the last address (IPv4: minus the broadcast).'),
  f('gateway', 'string', 'Gateway returned with the address; default network + 1; skipped only if inside the range.'),
];

export const IPAMS: readonly TypeInfo[] = [
  {
    type: 'host-local',
    doc: "Allocates from ranges with state on the node's disk: pods on different nodes can get the same address.",
    source: 'PLG plugins/ipam/host-local/backend/allocator/config.go',
    fields: [
      f('type', 'string', 'IPAM plugin to run.'),
      f('ranges', 'array', 'Range sets: one address per set; each set is a list of ranges of one family.', {
        example: '[[{ "subnet": "192.168.1.0/24" }]]',
      }),
      ...HOST_LOCAL_RANGE_FIELDS.map((field) => ({ ...field, doc: `Legacy range set 0: ${field.doc}` })),
      ROUTES,
      f('dataDir', 'string', 'State directory; default /var/lib/cni/networks.'),
      f('resolvConf', 'string', 'Host resolv.conf to return as DNS.'),
    ],
  },
  {
    type: 'whereabouts',
    doc: 'Cluster-wide allocation stored in IPPool custom resources: unique across nodes.',
    source: 'WA pkg/types/types.go',
    fields: [
      f('type', 'string', 'IPAM plugin to run.'),
      f('range', 'string', 'CIDR (or start-end/prefix) to allocate from.', { example: '"192.168.1.0/24"' }),
      f('range_start', 'string', 'First address (ignored when outside the usable range).'),
      f('range_end', 'string', 'Last address (ignored when outside the usable range).'),
      f('exclude', 'array', 'CIDRs or addresses never handed out.', { example: '[]' }),
      f('ipRanges', 'array', 'Several ranges: one address per entry.'),
      f('gateway', 'string', 'Gateway put on every allocated address; not skipped unless excluded.'),
      ROUTES,
      f('network_name', 'string', 'Separates pools of overlapping ranges.'),
      f('enable_overlapping_ranges', 'boolean', 'Check other pools that overlap (default true).'),
      f('node_slice_size', 'string', 'Fast per-node IPAM slice size.'),
    ],
  },
  {
    type: 'static',
    doc: "Fixed addresses from the configuration (or the pod's `ips`).",
    source: 'PLG plugins/ipam/static/main.go',
    fields: [
      f('type', 'string', 'IPAM plugin to run.'),
      f('addresses', 'array', 'Addresses in CIDR form with an optional gateway.', {
        example: '[{ "address": "10.10.0.1/24" }]',
      }),
      ROUTES,
      DNS,
    ],
  },
  {
    type: 'dhcp',
    doc: 'Addresses from a DHCP server, through the dhcp daemon on the node (unpredictable offline).',
    source: 'PLG plugins/ipam/dhcp/main.go',
    fields: [
      f('type', 'string', 'IPAM plugin to run.'),
      f('daemonSocketPath', 'string', 'Socket of the dhcp daemon (default /run/cni/dhcp.sock).'),
      f('request', 'array', 'DHCP options to request.'),
      f('provide', 'array', 'DHCP options to send.'),
      f('priority', 'number', 'Route metric.'),
    ],
  },
];

/** Keys of one host-local range (`ipam.ranges[i][j]`) and of a route. */
export const RANGE_FIELDS = HOST_LOCAL_RANGE_FIELDS;
export const ROUTE_FIELDS: readonly FieldInfo[] = [
  f('dst', 'string', 'Destination CIDR (`0.0.0.0/0` for a default route).', { example: '"0.0.0.0/0"' }),
  f('gw', 'string', 'Next hop; default: the gateway of the same family.'),
];

export function pluginInfo(type: string): TypeInfo | undefined {
  return PLUGINS.find((plugin) => plugin.type === type);
}

export function ipamInfo(type: string): TypeInfo | undefined {
  return IPAMS.find((ipam) => ipam.type === type);
}
