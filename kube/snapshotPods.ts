// What the running pods tell about the cluster's networks: the default network's name, interface and MTU from the
// network-status Multus wrote on them, and the host-local addresses they hold per node and network. host-local
// keeps its reservations in files on each node (/var/lib/cni/networks/<network>/), which the API cannot read; the
// pods' own network-status is the closest the API gets, so the snapshot says it is an approximation.
import { readNetworkStatus, type NetworkStatusEntry } from './pods';
import type { KubeObject } from './manifests/types';

export interface SnapshotPod extends KubeObject {
  spec?: { nodeName?: string; hostNetwork?: boolean };
  status?: { phase?: string; podIPs?: { ip: string }[]; podIP?: string };
}

export interface TakenHostLocal {
  ipam: 'host-local';
  node: string;
  network: string;
  address: string;
}

/** What the default-network entries of the pods' network-status say, counted. */
export interface ObservedDefaultNetwork {
  names: Map<string, number>;
  interfaces: Map<string, number>;
  mtus: Map<number, number>;
}

/** How a NAD's config allocates addresses: its IPAM type and the CNI network name host-local files them under. */
export interface NadIpam {
  type?: string;
  networkName: string;
}

/** The IPAM of a NAD's config (the first plugin of a conflist that has one), or undefined when it is not JSON. */
export function nadIpam(nadName: string, config: string): NadIpam | undefined {
  let parsed: { name?: unknown; ipam?: { type?: unknown }; plugins?: { ipam?: { type?: unknown } }[] };
  try {
    parsed = JSON.parse(config) as typeof parsed;
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const plugins = Array.isArray(parsed.plugins) ? parsed.plugins : [parsed];
  const ipamType = plugins.map((p) => p?.ipam?.type).find((t) => typeof t === 'string');
  // Multus names a nameless NAD config after the NAD (MUL pkg/types/conf.go LoadDelegateNetConf).
  const networkName = typeof parsed.name === 'string' && parsed.name ? parsed.name : nadName;
  return { type: ipamType as string | undefined, networkName };
}

/** Pods that hold addresses now: bound to a node, in the pod network, not finished (a finished pod's DEL freed them). */
export function holdsAddresses(pod: SnapshotPod): pod is SnapshotPod & { spec: { nodeName: string } } {
  const phase = pod.status?.phase;
  return !!pod.spec?.nodeName && !pod.spec.hostNetwork && phase !== 'Succeeded' && phase !== 'Failed';
}

function count<K>(map: Map<K, number>, key: K | undefined): void {
  if (key !== undefined) map.set(key, (map.get(key) ?? 0) + 1);
}

/** The most frequent key (ties: the first seen). */
export function mostCommon<K>(map: Map<K, number>): K | undefined {
  let best: K | undefined;
  let bestCount = 0;
  for (const [key, n] of map) if (n > bestCount) [best, bestCount] = [key, n];
  return best;
}

export interface PodReading {
  observed: ObservedDefaultNetwork;
  /** host-local addresses of NAD networks; the default network's are filed under DEFAULT until its name is known. */
  taken: TakenHostLocal[];
  defaultTaken: { node: string; address: string }[];
  /** Pods whose network-status names a NAD the snapshot could not read. */
  unknownNads: Set<string>;
  /** Pods without network-status, whose podIPs were taken as the default network's. */
  withoutStatus: number;
}

function defaultEntry(status: NetworkStatusEntry[]): NetworkStatusEntry | undefined {
  return status.find((entry) => entry.default === true) ?? status[0];
}

/** Reads the pods' network-status into the default network's traits and the host-local addresses held. */
export function readPods(pods: readonly SnapshotPod[], nads: ReadonlyMap<string, NadIpam>): PodReading {
  const reading: PodReading = {
    observed: { names: new Map(), interfaces: new Map(), mtus: new Map() },
    taken: [],
    defaultTaken: [],
    unknownNads: new Set(),
    withoutStatus: 0,
  };
  for (const pod of pods) {
    if (!holdsAddresses(pod)) continue;
    const node = pod.spec.nodeName;
    const status = readNetworkStatus(pod);
    if (!status?.length) {
      const ips = pod.status?.podIPs?.map((p) => p.ip) ?? (pod.status?.podIP ? [pod.status.podIP] : []);
      if (ips.length) reading.withoutStatus++;
      for (const address of ips) reading.defaultTaken.push({ node, address });
      continue;
    }
    const primary = defaultEntry(status);
    for (const entry of status) {
      if (entry === primary) {
        count(reading.observed.names, entry.name);
        count(reading.observed.interfaces, entry.interface);
        count(reading.observed.mtus, typeof entry.mtu === 'number' ? entry.mtu : undefined);
        for (const address of entry.ips ?? []) reading.defaultTaken.push({ node, address });
        continue;
      }
      const ipam = nads.get(entry.name);
      if (!ipam) {
        if ((entry.ips ?? []).length) reading.unknownNads.add(entry.name);
        continue;
      }
      if (ipam.type !== 'host-local') continue;
      for (const address of entry.ips ?? [])
        reading.taken.push({ ipam: 'host-local', node, network: ipam.networkName, address });
    }
  }
  return reading;
}
