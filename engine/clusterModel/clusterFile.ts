import { parse } from 'yaml';
import { parseCidr, parseIp, type IpPrefix } from '../address/ipAddress';
import type {
  ClusterModel,
  ClusterNad,
  ClusterNode,
  DefaultNetwork,
  HostBridge,
  HostInterface,
  NodeTaint,
  TakenAddress,
} from './clusterModel';
import { asRecord, type Json } from '../json/jsonValue';
import { readRunningPods } from './runningPods';

/** The cluster model file found beside manifests (or in a folder above them), by check, preview and the editor alike. */
export const CLUSTER_MODEL_FILE = 'cluster.yaml';

/**
 * Reads a `--cluster FILE` (YAML) into a cluster model (README "Cluster model file"):
 *
 * ```yaml
 * pluginVersion: current            # or v1.1.1 (Debian's containernetworking-plugins)
 * plugins: [macvlan, host-local, tuning]   # optional: the binaries in the nodes' CNI bin directory
 * defaultNetwork:
 *   flannel: { network: 10.244.0.0/16, mtu: 1450, name: cbr0, ipv6Network: fd00:10:244::/56 }
 *   # or  cni: '{"cniVersion":"0.4.0","name":"k8s-pod-network","type":"ptp","ipam":{"type":"host-local","subnet":"{podCIDR}"}}'
 * nodes:
 *   - name: worker-1
 *     labels: { zone: a }
 *     taints: [{ key: dedicated, value: db, effect: NoSchedule }]
 *     podCIDRs: [10.244.1.0/24]
 *     interfaces: [{ name: eth0, mtu: 9000, segment: lab, addresses: [192.168.1.11/24] }, { name: eth1, mtu: 1500, pciAddress: "0000:03:00.1" }]
 *     bridges: [{ name: br0, uplink: eth1, addresses: [10.10.0.1/24] }]
 *   - name: worker-2
 *     interfaces: unknown             # as a snapshot writes it: masters are assumed present at MTU 1500
 * multus: { namespace: kube-system, defaultNetworks: [mgmt-net], namespaceIsolation: true, globalNamespaces: default }
 * takenAddresses:
 *   - { ipam: whereabouts, address: 10.10.0.1 }
 *   - { ipam: host-local, node: worker-1, network: macvlan-conf, address: 192.168.1.200 }
 *   - { ipam: host-local, node: worker-1, network: macvlan-conf, address: 192.168.1.205, lastReserved: true }
 * # written by `multus-nad cluster snapshot`:
 * source: { context: kind-lab, takenAt: "2026-12-03T13:00:00.000Z" }
 * nads: [{ namespace: default, name: macvlan-conf, config: '{"cniVersion":"0.3.1",...}' }]
 * runningPods: [{ namespace: default, name: samplepod, node: worker-1, networks: macvlan-conf }]
 * notes: ["host-local addresses are read from running pods' network-status: an approximation of ..."]
 * ```
 */
export function readClusterFile(text: string): ClusterModel | { error: string } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return { error: `not YAML: ${(error as Error).message}` };
  }
  return readClusterDocument(doc);
}

/** The cluster model from an already parsed document (a cluster file, or a snapshot held in memory). */
export function readClusterDocument(doc: unknown): ClusterModel | { error: string } {
  const root = asRecord(doc);
  if (!root) return { error: 'the cluster file must be a YAML mapping with `nodes`' };
  if (!Array.isArray(root.nodes) || root.nodes.length === 0) return { error: '`nodes` must list at least one node' };
  const nodes: ClusterNode[] = [];
  for (const [i, raw] of root.nodes.entries()) {
    const node = readNode(asRecord(raw) ?? {}, i);
    if ('error' in node) return node;
    nodes.push(node);
  }
  const defaultNetwork = readDefaultNetwork(asRecord(root.defaultNetwork), nodes);
  if ('error' in defaultNetwork) return defaultNetwork;
  const taken = readTaken(root.takenAddresses);
  if ('error' in taken) return taken;
  const pluginVersion = root.pluginVersion ?? 'current';
  if (pluginVersion !== 'current' && pluginVersion !== 'v1.1.1')
    return { error: '`pluginVersion` must be `current` or `v1.1.1`' };
  const nads = readNads(root.nads);
  if ('error' in nads) return nads;
  const runningPods = readRunningPods(root.runningPods);
  if ('error' in runningPods) return runningPods;
  const source = asRecord(root.source);
  const plugins = root.plugins;
  if (plugins !== undefined && !(Array.isArray(plugins) && plugins.every((p) => typeof p === 'string')))
    return { error: '`plugins` must be a list of plugin binary names' };
  return {
    nodes,
    defaultNetwork,
    takenAddresses: taken,
    pluginVersion,
    ...(plugins ? { plugins: plugins as string[] } : {}),
    ...multusOptions(asRecord(root.multus)),
    ...(nads.length ? { nads } : {}),
    ...(runningPods.length ? { runningPods } : {}),
    ...(Array.isArray(root.notes) ? { notes: root.notes.map(String) } : {}),
    ...(typeof source?.context === 'string'
      ? { source: { context: source.context, takenAt: String(source.takenAt ?? '') } }
      : {}),
  };
}

function readNads(raw: unknown): ClusterNad[] | { error: string } {
  const nads: ClusterNad[] = [];
  for (const [i, entry] of (Array.isArray(raw) ? raw : []).entries()) {
    const nad = asRecord(entry) ?? {};
    if (typeof nad.namespace !== 'string' || typeof nad.name !== 'string' || typeof nad.config !== 'string')
      return { error: `nads[${i}] needs namespace, name and config (strings)` };
    nads.push({ namespace: nad.namespace, name: nad.name, config: nad.config });
  }
  return nads;
}

function readNode(raw: Json, index: number): ClusterNode | { error: string } {
  const where = `nodes[${index}]`;
  if (typeof raw.name !== 'string' || raw.name === '') return { error: `${where}.name is required` };
  const podCIDRs: IpPrefix[] = [];
  for (const text of Array.isArray(raw.podCIDRs) ? raw.podCIDRs : raw.podCIDR ? [raw.podCIDR] : []) {
    const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
    if (!cidr) return { error: `${where}.podCIDRs: ${String(text)} is not a CIDR` };
    podCIDRs.push(cidr);
  }
  if (raw.interfaces !== undefined && !Array.isArray(raw.interfaces) && raw.interfaces !== UNKNOWN_INTERFACES)
    return { error: `${where}.interfaces must be a list of interfaces, or \`${UNKNOWN_INTERFACES}\`` };
  const interfacesUnknown = raw.interfaces === UNKNOWN_INTERFACES;
  const interfaces: HostInterface[] = [];
  for (const entry of interfaceEntries(raw.interfaces)) {
    const iface = asRecord(entry) ?? {};
    if (typeof iface.name !== 'string') return { error: `${where}.interfaces: every interface needs a name` };
    const addresses = readAddresses(iface.addresses, `${where}.interfaces.${iface.name}.addresses`);
    if ('error' in addresses) return addresses;
    interfaces.push({
      name: iface.name,
      mtu: typeof iface.mtu === 'number' ? iface.mtu : 1500,
      ...(typeof iface.pciAddress === 'string' ? { pciAddress: iface.pciAddress } : {}),
      ...(typeof iface.mac === 'string' ? { mac: iface.mac.toLowerCase() } : {}),
      ...(typeof iface.segment === 'string' ? { segment: iface.segment } : {}),
      ...(addresses.list.length ? { addresses: addresses.list } : {}),
    });
  }
  const bridges = readBridges(raw.bridges, where, interfaces);
  if ('error' in bridges) return bridges;
  const taints: NodeTaint[] = [];
  for (const entry of Array.isArray(raw.taints) ? raw.taints : []) {
    const taint = asRecord(entry) ?? {};
    const effect = taint.effect;
    if (effect !== 'NoSchedule' && effect !== 'PreferNoSchedule' && effect !== 'NoExecute') {
      return { error: `${where}.taints: effect must be NoSchedule, PreferNoSchedule or NoExecute` };
    }
    taints.push({
      key: String(taint.key ?? ''),
      ...(taint.value !== undefined ? { value: String(taint.value) } : {}),
      effect,
    });
  }
  const labels: Record<string, string> = { 'kubernetes.io/hostname': raw.name };
  for (const [key, value] of Object.entries(asRecord(raw.labels) ?? {})) labels[key] = String(value);
  return {
    name: raw.name,
    labels,
    taints,
    podCIDRs,
    interfaces,
    ...(interfacesUnknown ? { interfacesUnknown: true as const } : {}),
    ...(raw.unschedulable === true ? { unschedulable: true } : {}),
    ...(Array.isArray(raw.interfaces) ? {} : { interfacesAssumed: true }),
    ...(bridges.length ? { bridges } : {}),
    ...(typeof raw.ready === 'boolean' ? { ready: raw.ready } : {}),
  };
}

/** What a snapshot writes for a node's `interfaces`: the Kubernetes API does not tell a node's host interfaces. */
export const UNKNOWN_INTERFACES = 'unknown';

/** A node's `interfaces`: the list given, none when `unknown`, else the hand-written default eth0 at MTU 1500. */
function interfaceEntries(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  return raw === UNKNOWN_INTERFACES ? [] : [{ name: 'eth0', mtu: 1500 }];
}

/** `addresses: [CIDR, ...]` of an interface or bridge. */
function readAddresses(raw: unknown, where: string): { list: IpPrefix[] } | { error: string } {
  const list: IpPrefix[] = [];
  for (const text of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
    const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
    if (!cidr) return { error: `${where}: ${String(text)} is not an address in CIDR form (192.168.1.11/24)` };
    list.push(cidr);
  }
  return { list };
}

/** `bridges: [{ name, uplink, addresses }]`: an uplink must be one of the node's interfaces. */
function readBridges(
  raw: unknown,
  where: string,
  interfaces: readonly HostInterface[],
): HostBridge[] | { error: string } {
  const bridges: HostBridge[] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    const bridge = asRecord(entry) ?? {};
    if (typeof bridge.name !== 'string' || bridge.name === '')
      return { error: `${where}.bridges: every bridge needs a name` };
    const uplink = bridge.uplink;
    if (uplink !== undefined && !interfaces.some((iface) => iface.name === uplink)) {
      return { error: `${where}.bridges.${bridge.name}.uplink: ${String(uplink)} is not one of the node's interfaces` };
    }
    const addresses = readAddresses(bridge.addresses, `${where}.bridges.${bridge.name}.addresses`);
    if ('error' in addresses) return addresses;
    bridges.push({
      name: bridge.name,
      ...(typeof uplink === 'string' ? { uplink } : {}),
      ...(addresses.list.length ? { addresses: addresses.list } : {}),
    });
  }
  return bridges;
}

function readDefaultNetwork(raw: Json | undefined, nodes: readonly ClusterNode[]): DefaultNetwork | { error: string } {
  const cni = raw?.cni;
  if (typeof cni === 'string') {
    let name = 'default-network';
    try {
      const parsed = asRecord(JSON.parse(cni));
      if (typeof parsed?.name === 'string') name = parsed.name;
    } catch {
      return { error: 'defaultNetwork.cni must be a CNI conf or conflist in JSON' };
    }
    return { kind: 'cni', name, config: cni };
  }
  const flannel = asRecord(raw?.flannel) ?? {};
  const network = parseCidr(typeof flannel.network === 'string' ? flannel.network : '10.244.0.0/16');
  if (!network) return { error: 'defaultNetwork.flannel.network must be a CIDR' };
  const ipv6Network = typeof flannel.ipv6Network === 'string' ? parseCidr(flannel.ipv6Network) : undefined;
  // flanneld takes VXLAN's 50 bytes off the uplink (FL pkg/backend/vxlan/device.go).
  const uplink = nodes[0]?.interfaces[0]?.mtu ?? 1500;
  return {
    kind: 'flannel',
    name: typeof flannel.name === 'string' ? flannel.name : 'cbr0',
    network,
    mtu: typeof flannel.mtu === 'number' ? flannel.mtu : uplink - 50,
    ...(ipv6Network ? { ipv6Network } : {}),
  };
}

function readTaken(raw: unknown): TakenAddress[] | { error: string } {
  const taken: TakenAddress[] = [];
  for (const [i, entry] of (Array.isArray(raw) ? raw : []).entries()) {
    const item = asRecord(entry) ?? {};
    const address = typeof item.address === 'string' ? parseIp(item.address) : undefined;
    if (!address) return { error: `takenAddresses[${i}].address must be an IP address` };
    const ipam = item.ipam === 'host-local' ? 'host-local' : 'whereabouts';
    if (ipam === 'host-local' && (typeof item.node !== 'string' || typeof item.network !== 'string')) {
      return { error: `takenAddresses[${i}]: host-local addresses need the node and the CNI network name` };
    }
    taken.push({
      ipam,
      address,
      ...(typeof item.node === 'string' ? { node: item.node } : {}),
      ...(typeof item.network === 'string' ? { network: item.network } : {}),
      ...(item.lastReserved === true ? { lastReserved: true } : {}),
      ...(typeof item.rangeSet === 'number' ? { rangeSet: item.rangeSet } : {}),
    });
  }
  return taken;
}

/** `multus: { namespace, defaultNetworks }`: Multus' multusNamespace and defaultNetworks options. */
function multusOptions(
  raw: Json | undefined,
): Pick<
  ClusterModel,
  'multusNamespace' | 'multusDefaultNetworks' | 'multusNamespaceIsolation' | 'multusGlobalNamespaces'
> {
  const out: {
    multusNamespace?: string;
    multusDefaultNetworks?: string[];
    multusNamespaceIsolation?: boolean;
    multusGlobalNamespaces?: string[];
  } = {};
  if (typeof raw?.namespace === 'string') out.multusNamespace = raw.namespace;
  if (Array.isArray(raw?.defaultNetworks)) out.multusDefaultNetworks = raw.defaultNetworks.map(String);
  if (raw?.namespaceIsolation === true) out.multusNamespaceIsolation = true;
  // globalNamespaces is a comma-separated string in Multus' config; a list is accepted too.
  const globals = raw?.globalNamespaces;
  if (typeof globals === 'string') out.multusGlobalNamespaces = globals.split(',').map((n) => n.trim());
  else if (Array.isArray(globals)) out.multusGlobalNamespaces = globals.map(String);
  return out;
}
