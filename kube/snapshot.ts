// `multus-nad cluster snapshot`: reads a cluster with list/get only and writes the cluster model the preview
// understands (README "Cluster model file"): nodes, the default network, Multus' options, the NADs and the
// addresses already taken. Every list is paginated; a 403 (or a resource the server does not serve) leaves its part
// out with a note naming the verb and resource, never a failure. No Secret is ever read.
import { NETWORKS_ANNOTATION, parseIp, UNKNOWN_INTERFACES, type IpAddress } from '../engine';
import { ClusterError, httpStatusLine } from './errors';
import type { KubeObject } from './manifests/types';
import { listAll } from './pagedList';
import { resourcePath } from './resources';
import type { ClusterSession } from './session';
import {
  holdsAddresses,
  mostCommon,
  nadIpam,
  readPods,
  type NadIpam,
  type PodReading,
  type SnapshotPod,
} from './snapshotPods';
import {
  ipPoolAddresses,
  reservationAddress,
  WHEREABOUTS_API_VERSION,
  type IpPoolObject,
  type OverlappingReservationObject,
} from './whereaboutsReservations';

export interface SnapshotOptions {
  /** Only pods and NADs of this namespace; every namespace otherwise. */
  namespace?: string;
  pageSize?: number;
  now?: () => Date;
}

export interface SnapshotNode {
  name: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  podCIDRs: string[];
  ready: boolean;
  unschedulable?: boolean;
  /** Always `unknown`: the API does not tell a node's host interfaces (README "The model of a live cluster"). */
  interfaces: typeof UNKNOWN_INTERFACES;
}

export interface SnapshotTaken {
  ipam: 'host-local' | 'whereabouts';
  address: string;
  node?: string;
  network?: string;
  lastReserved?: boolean;
  rangeSet?: number;
}

/** The cluster model document (YAML-ready; engine readClusterDocument reads it). */
export interface SnapshotDocument {
  source: { context: string; takenAt: string };
  nodes: SnapshotNode[];
  defaultNetwork: { flannel: { name: string; network: string; mtu: number; ipv6Network?: string } } | { cni: string };
  multus?: { namespace?: string; defaultNetworks?: string[]; namespaceIsolation?: boolean; globalNamespaces?: string };
  nads: { namespace: string; name: string; config: string }[];
  /** Running pods with a networks annotation, as they run (the preview notes a workspace edit of one). */
  runningPods: { namespace: string; name: string; node: string; networks: string }[];
  takenAddresses: SnapshotTaken[];
  notes: string[];
}

export const HOST_LOCAL_APPROXIMATION =
  "host-local addresses are read from the running pods' network-status: an approximation of each node's host-local store (/var/lib/cni/networks), which the API cannot read. The highest address in use per node, network and family stands in for host-local's last_reserved_ip (the next allocation resumes after it); an address leaked, or freed above it, is not seen.";

export const UNKNOWN_INTERFACES_NOTE =
  "the nodes' host interfaces (names, MTUs, addresses) are not in the Kubernetes API: each node says `interfaces: unknown`, and the preview assumes every master a network names is present at MTU 1500. Replace `unknown` with the node's list (`ip -br link` on the node) to have masters and MTUs checked.";

/**
 * host-local resumes after `last_reserved_ip.<range set>` (PLG plugins/ipam/host-local/backend/allocator
 * allocator.go GetIter), which only the node holds; the highest address a pod still holds is the closest lower
 * bound the API offers. Range sets are numbered by family, IPv4 first, as the default network's ranges are.
 */
function lastReservedGuesses(
  taken: readonly SnapshotTaken[],
  ipOf: (text: string) => IpAddress | undefined,
): SnapshotTaken[] {
  const highest = new Map<string, { entry: SnapshotTaken; value: bigint; family: 4 | 6 }>();
  for (const entry of taken) {
    if (entry.ipam !== 'host-local') continue;
    const ip = ipOf(entry.address);
    if (!ip) continue;
    const key = `${entry.node}\0${entry.network}\0${ip.family}`;
    const best = highest.get(key);
    if (!best || ip.value > best.value) highest.set(key, { entry, value: ip.value, family: ip.family });
  }
  const families = new Map<string, Set<4 | 6>>();
  for (const { entry, family } of highest.values()) {
    const key = `${entry.node}\0${entry.network}`;
    families.set(key, (families.get(key) ?? new Set()).add(family));
  }
  return [...highest.values()].map(({ entry, family }) => {
    const both = families.get(`${entry.node}\0${entry.network}`)?.size === 2;
    return { ...entry, lastReserved: true, ...(both && family === 6 ? { rangeSet: 1 } : {}) };
  });
}

const scope = (namespace?: string) => (namespace ? `in namespace "${namespace}"` : 'in all namespaces');

/** Runs one read; a 403 or a resource not served becomes a note and `fallback`. */
async function readOr<T>(notes: string[], what: string, fallback: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof ClusterError)) throw e;
    if (e.status === 403) notes.push(`cannot ${what}: ${httpStatusLine(403)} (${e.message}); left out of the model.`);
    else if (e.isNotServed || (e.status === 404 && e.reason === 'NotFound')) return fallback;
    else throw e;
    return fallback;
  }
}

interface NodeObject {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { podCIDR?: string; podCIDRs?: string[]; unschedulable?: boolean; taints?: SnapshotNode['taints'] };
  status?: { conditions?: { type: string; status: string }[] };
}

function snapshotNode(node: NodeObject): SnapshotNode {
  const podCIDRs = node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : []);
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    taints: (node.spec?.taints ?? []).map((t) => ({
      key: t.key,
      ...(t.value ? { value: t.value } : {}),
      effect: t.effect,
    })),
    podCIDRs,
    interfaces: UNKNOWN_INTERFACES,
    ready: node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    ...(node.spec?.unschedulable ? { unschedulable: true } : {}),
  };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export async function takeSnapshot(session: ClusterSession, options: SnapshotOptions = {}): Promise<SnapshotDocument> {
  const notes: string[] = [];
  const page = { pageSize: options.pageSize };
  const nodes = await readOr(notes, 'list nodes (cluster-wide)', [] as NodeObject[], () =>
    listAll<NodeObject>(session, '/api/v1/nodes', page),
  );
  const nads = await readNads(session, options.namespace, notes, page.pageSize);
  const podsPath = options.namespace
    ? `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods`
    : '/api/v1/pods';
  const pods = await readOr(notes, `list pods ${scope(options.namespace)}`, [] as SnapshotPod[], () =>
    listAll<SnapshotPod>(session, podsPath, page),
  );
  const ipams = new Map<string, NadIpam>();
  for (const nad of nads) {
    const ipam = nadIpam(nad.name, nad.config);
    if (ipam) ipams.set(`${nad.namespace}/${nad.name}`, ipam);
  }
  const reading = readPods(pods, ipams);
  const flannel = await readFlannelNetConf(session, notes);
  const snapshotNodes = nodes.map(snapshotNode).sort(byName);
  const dualStack = snapshotNodes.some((n) => n.podCIDRs.some((c) => c.includes(':')));
  const defaultNetwork = defaultNetworkOf(reading, flannel, dualStack, notes);
  const defaultName = 'flannel' in defaultNetwork ? defaultNetwork.flannel.name : defaultNameOf(reading);
  const whereabouts = await readWhereabouts(session, notes, page.pageSize);
  const multus = await readMultusOptions(session, notes);
  notes.push(HOST_LOCAL_APPROXIMATION);
  if (snapshotNodes.length) notes.push(UNKNOWN_INTERFACES_NOTE);
  if (options.namespace)
    notes.push(
      `only pods and NADs ${scope(options.namespace)} were read: addresses held by pods elsewhere are not in the model.`,
    );
  if (reading.withoutStatus)
    notes.push(
      `${reading.withoutStatus} pod(s) carry no network-status (not attached by Multus): their podIPs are counted as the default network's.`,
    );
  for (const name of [...reading.unknownNads].sort())
    notes.push(`pods use NAD ${name}, which the snapshot could not read: their addresses on it are not in the model.`);
  const ipOf = ipParser();
  const taken: SnapshotTaken[] = [
    ...reading.defaultTaken.map((t) => ({
      ipam: 'host-local' as const,
      node: t.node,
      network: defaultName,
      address: t.address,
    })),
    ...reading.taken,
    ...whereabouts.map((address) => ({ ipam: 'whereabouts' as const, address })),
  ];
  return {
    source: { context: session.target.context, takenAt: (options.now?.() ?? new Date()).toISOString() },
    nodes: snapshotNodes,
    defaultNetwork,
    ...(multus ? { multus } : {}),
    nads: nads.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)),
    runningPods: annotatedPods(pods),
    takenAddresses: uniqueSorted([...taken, ...lastReservedGuesses(taken, ipOf)], ipOf),
    notes,
  };
}

/** Pods holding addresses that carry a networks annotation, sorted by namespace and name. */
function annotatedPods(pods: readonly SnapshotPod[]): SnapshotDocument['runningPods'] {
  const running: SnapshotDocument['runningPods'] = [];
  for (const pod of pods) {
    const networks = pod.metadata.annotations?.[NETWORKS_ANNOTATION];
    if (networks === undefined || !holdsAddresses(pod)) continue;
    running.push({
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name,
      node: pod.spec.nodeName,
      networks,
    });
  }
  return running.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

async function readNads(
  session: ClusterSession,
  namespace: string | undefined,
  notes: string[],
  pageSize?: number,
): Promise<SnapshotDocument['nads']> {
  return readOr(notes, `list network-attachment-definitions.k8s.cni.cncf.io ${scope(namespace)}`, [], async () => {
    const info = await session.discovery.resourceFor('k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition');
    const path = namespace ? resourcePath(info, namespace) : `/apis/k8s.cni.cncf.io/v1/${info.plural}`;
    const items = await listAll<KubeObject & { spec?: { config?: unknown } }>(session, path, { pageSize });
    return items.map((nad) => ({
      namespace: nad.metadata.namespace ?? '',
      name: nad.metadata.name,
      config: typeof nad.spec?.config === 'string' ? nad.spec.config : '',
    }));
  });
}

interface ConfigMapObject {
  data?: Record<string, string>;
}

async function getConfigMap(session: ClusterSession, notes: string[], namespace: string, name: string) {
  return readOr(notes, `get configmaps "${name}" in namespace "${namespace}"`, undefined, () =>
    session.client.getOptional<ConfigMapObject>(`/api/v1/namespaces/${namespace}/configmaps/${name}`),
  );
}

/** flannel's net-conf.json (FL Documentation/kube-flannel.yml: ConfigMap kube-flannel-cfg, in kube-flannel or kube-system). */
async function readFlannelNetConf(
  session: ClusterSession,
  notes: string[],
): Promise<{ Network?: string; IPv6Network?: string } | undefined> {
  for (const namespace of ['kube-flannel', 'kube-system']) {
    const text = (await getConfigMap(session, notes, namespace, 'kube-flannel-cfg'))?.data?.['net-conf.json'];
    if (!text) continue;
    try {
      return JSON.parse(text) as { Network?: string; IPv6Network?: string };
    } catch {
      notes.push(`ConfigMap ${namespace}/kube-flannel-cfg: net-conf.json is not JSON; flannel's network is not known.`);
    }
  }
  return undefined;
}

const defaultNameOf = (reading: PodReading) => mostCommon(reading.observed.names) ?? 'cbr0';

function defaultNetworkOf(
  reading: PodReading,
  flannel: { Network?: string; IPv6Network?: string } | undefined,
  dualStack: boolean,
  notes: string[],
): SnapshotDocument['defaultNetwork'] {
  const name = defaultNameOf(reading);
  const mtu = mostCommon(reading.observed.mtus);
  const iface = mostCommon(reading.observed.interfaces);
  if (iface && iface !== 'eth0')
    notes.push(
      `the default network is attached as ${iface} (the preview names it eth0, as Multus does for the cluster network).`,
    );
  if (flannel?.Network) {
    if (mtu === undefined)
      notes.push('no pod reports the default network MTU: flannel VXLAN over MTU 1500 is assumed (1450).');
    return {
      flannel: {
        name,
        network: flannel.Network,
        mtu: mtu ?? 1450,
        ...(flannel.IPv6Network ? { ipv6Network: flannel.IPv6Network } : {}),
      },
    };
  }
  notes.push(
    `the default network "${name}" is not flannel (no kube-flannel-cfg): modelled as bridge + host-local over each node's podCIDR, with its name and MTU as the pods report them.`,
  );
  const config = {
    cniVersion: '0.3.1',
    name,
    type: 'bridge',
    bridge: 'cni0',
    isGateway: true,
    ...(mtu !== undefined ? { mtu } : {}),
    ipam: {
      type: 'host-local',
      ranges: [[{ subnet: '{podCIDR}' }], ...(dualStack ? [[{ subnet: '{podCIDRv6}' }]] : [])],
    },
  };
  return { cni: JSON.stringify(config) };
}

/** Addresses whereabouts holds: IPPool allocations and OverlappingRangeIPReservations, in every namespace. */
async function readWhereabouts(session: ClusterSession, notes: string[], pageSize?: number): Promise<string[]> {
  const addresses: string[] = [];
  const kinds = [
    ['IPPool', 'ippools'],
    ['OverlappingRangeIPReservation', 'overlappingrangeipreservations'],
  ] as const;
  for (const [kind, plural] of kinds) {
    const what = `list ${plural}.whereabouts.cni.cncf.io in all namespaces`;
    const items = await readOr(notes, what, [] as (IpPoolObject & OverlappingReservationObject)[], async () => {
      const info = await session.discovery.resourceFor(WHEREABOUTS_API_VERSION, kind);
      return listAll(session, `/apis/${WHEREABOUTS_API_VERSION}/${info.plural}`, { pageSize });
    });
    for (const item of items) {
      if (kind === 'IPPool') addresses.push(...ipPoolAddresses(item));
      else {
        const address = reservationAddress(item);
        if (address) addresses.push(address);
      }
    }
  }
  return addresses;
}

/**
 * Multus' own options from its ConfigMap: thick `multus-daemon-config` (daemon-config.json) or thin
 * `multus-cni-config` (cni-conf.json), in kube-system as the pinned manifests install them.
 */
async function readMultusOptions(session: ClusterSession, notes: string[]): Promise<SnapshotDocument['multus']> {
  const sources = [
    ['multus-daemon-config', 'daemon-config.json'],
    ['multus-cni-config', 'cni-conf.json'],
  ] as const;
  for (const [name, key] of sources) {
    const text = (await getConfigMap(session, notes, 'kube-system', name))?.data?.[key];
    if (!text) continue;
    let conf: Record<string, unknown>;
    try {
      conf = JSON.parse(text) as Record<string, unknown>;
    } catch {
      notes.push(`ConfigMap kube-system/${name}: ${key} is not JSON; Multus' options are not known.`);
      return undefined;
    }
    const multus: NonNullable<SnapshotDocument['multus']> = {};
    if (typeof conf.multusNamespace === 'string') multus.namespace = conf.multusNamespace;
    if (Array.isArray(conf.defaultNetworks)) multus.defaultNetworks = conf.defaultNetworks.map(String);
    if (conf.namespaceIsolation === true) multus.namespaceIsolation = true;
    if (typeof conf.globalNamespaces === 'string') multus.globalNamespaces = conf.globalNamespaces;
    return Object.keys(multus).length ? multus : undefined;
  }
  return undefined;
}

/** Without duplicates, grouped by IPAM, node and network (sorted), then by address numerically within a group. */
function uniqueSorted(taken: SnapshotTaken[], ipOf: (text: string) => IpAddress | undefined): SnapshotTaken[] {
  const groups = new Map<string, Map<string, SnapshotTaken>>();
  for (const t of taken) {
    const group = `${t.ipam}\0${t.node ?? ''}\0${t.network ?? ''}`;
    let entries = groups.get(group);
    if (!entries) groups.set(group, (entries = new Map()));
    entries.set(`${t.address}\0${t.lastReserved ?? ''}`, t);
  }
  const byAddress = (a: SnapshotTaken, b: SnapshotTaken) => {
    const [x, y] = [ipOf(a.address), ipOf(b.address)];
    const family = (x?.family ?? 0) - (y?.family ?? 0);
    if (family) return family;
    const value = (x?.value ?? 0n) - (y?.value ?? 0n);
    return value < 0n ? -1 : value > 0n ? 1 : Number(!!a.lastReserved) - Number(!!b.lastReserved);
  };
  return [...groups.keys()].sort().flatMap((group) => [...(groups.get(group)?.values() ?? [])].sort(byAddress));
}

/** parseIp, once per distinct text (a snapshot sees each address several times). */
function ipParser(): (text: string) => IpAddress | undefined {
  const seen = new Map<string, IpAddress | undefined>();
  return (text) => {
    if (!seen.has(text)) seen.set(text, parseIp(text));
    return seen.get(text);
  };
}
