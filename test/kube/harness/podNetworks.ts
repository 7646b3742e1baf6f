// The CNI side of the fake kubelet: what the container runtime and Multus do for a pod, with the real reference
// plugins (/usr/lib/cni, Debian containernetworking-plugins) in network namespaces (test/oracle/cniHarness.ts).
// Each node is a host namespace with an `eth0` (macvlan/ipvlan master) and its own host-local data dir; each pod
// gets a namespace, the default network (bridge + host-local over the node's podCIDR, named cbr0) as eth0, then
// every network its annotation asks for, read here from the API server with a small reading of our own (not the
// engine's), and a network-status written from the plugins' results the way Multus does (NADC
// pkg/utils/net-attach-def.go CreateNetworkStatuses, read upstream; only the fields below).
import { CniLab, oracleUnavailableReason } from '../../oracle/cniHarness';

export const DEFAULT_NETWORK_NAME = 'cbr0';

type Json = Record<string, unknown>;

export interface RequestedNetwork {
  namespace: string;
  name: string;
  interface?: string;
}

export interface NetworkStatus {
  name: string;
  interface?: string;
  ips?: string[];
  mac?: string;
  default?: boolean;
  dns: Record<string, unknown>;
  gateway?: string[];
}

interface CniResult {
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: { address: string; interface?: number; gateway?: string }[];
  routes?: { dst: string; gw?: string }[];
  dns?: Record<string, unknown>;
}

/** The networks annotation: a JSON list of selections or `[ns/]name[@ifname]`, comma separated (multi-net spec 4.1.2). */
export function requestedNetworks(annotation: string | undefined, podNamespace: string): RequestedNetwork[] {
  const text = annotation?.trim() ?? '';
  if (!text) return [];
  if (text.startsWith('[')) {
    return (JSON.parse(text) as { name: string; namespace?: string; interface?: string }[]).map((s) => ({
      namespace: s.namespace ?? podNamespace,
      name: s.name,
      ...(s.interface ? { interface: s.interface } : {}),
    }));
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [ref, iface] = item.split('@');
      const [namespace, name] = ref.includes('/') ? ref.split('/') : [podNamespace, ref];
      return { namespace, name, ...(iface ? { interface: iface } : {}) };
    });
}

/** The attachment a plugin chain made: Multus' status entry for it (one sandbox interface per network here). */
function statusOf(result: CniResult, name: string, ifname: string, isDefault: boolean): NetworkStatus {
  const sandboxIndex = (result.interfaces ?? []).findIndex((i) => !!i.sandbox && i.name === ifname);
  const iface = result.interfaces?.[sandboxIndex];
  const ips = (result.ips ?? [])
    .filter((ip) => ip.interface === undefined || ip.interface === sandboxIndex)
    .map((ip) => ip.address.split('/')[0]);
  const gateway = (result.routes ?? [])
    .filter((r) => r.dst === '0.0.0.0/0' || r.dst === '::/0')
    .map((r) => r.gw ?? '<nil>');
  const dns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.dns ?? {}))
    if (value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== '') dns[key] = value;
  return {
    name,
    interface: ifname,
    ...(ips.length ? { ips } : {}),
    ...(iface?.mac ? { mac: iface.mac } : {}),
    ...(isDefault ? { default: true } : {}),
    dns,
    ...(gateway.length ? { gateway } : {}),
  };
}

/** One node's host namespace and host-local store; pods are attached and detached through it. */
export class NodeNetworks {
  private readonly lab: CniLab;
  private readonly attached = new Map<string, { netns: string; calls: { config: Json; ifname: string }[] }>();
  private podCounter = 0;

  constructor(
    readonly node: string,
    private readonly podCIDR: string,
  ) {
    const missing = oracleUnavailableReason();
    if (missing) throw new Error(`the fake kubelet runs the real CNI plugins: ${missing}`);
    this.lab = CniLab.create(`fk${node.replace(/[^a-z0-9]/g, '').slice(-6)}`);
    this.lab.addHostLink('eth0', 1500);
  }

  private defaultConfig(): Json {
    return {
      cniVersion: '0.3.1',
      name: DEFAULT_NETWORK_NAME,
      type: 'bridge',
      bridge: 'cni0',
      isGateway: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: this.podCIDR }]], dataDir: this.lab.dataDir },
    };
  }

  /** A NAD's config as Multus hands it to the plugins: named after the NAD when nameless; our node's host-local dir. */
  private withNodeState(config: Json, nadName: string): Json {
    const own: Json = { ...config, name: typeof config.name === 'string' && config.name ? config.name : nadName };
    const localize = (plugin: Json): Json => {
      const ipam = plugin.ipam as Json | undefined;
      return ipam?.type === 'host-local' ? { ...plugin, ipam: { ...ipam, dataDir: this.lab.dataDir } } : plugin;
    };
    if (Array.isArray(own.plugins)) return { ...own, plugins: (own.plugins as Json[]).map(localize) };
    return localize(own);
  }

  /** Runs a conf or a conflist (each plugin with the previous result), as libcni does. */
  private add(netns: string, containerId: string, config: Json, ifname: string): CniResult {
    const plugins = Array.isArray(config.plugins) ? (config.plugins as Json[]) : [config];
    let prevResult: unknown;
    for (const plugin of plugins) {
      const conf = {
        cniVersion: config.cniVersion,
        name: config.name,
        ...plugin,
        ...(prevResult ? { prevResult } : {}),
      };
      const run = this.lab.run({ config: conf, pod: netns, ifname, containerId });
      if (run.error) throw new Error(`${String(plugin.type)} ADD ${ifname}: ${run.error.msg}`);
      prevResult = run.result;
    }
    return prevResult as CniResult;
  }

  /** Attaches the default network and every NAD, in order; returns the network-status. Throws what a plugin said. */
  attach(podKey: string, nads: { network: RequestedNetwork; config: Json }[]): NetworkStatus[] {
    const netns = this.lab.addPod(`p${++this.podCounter}`);
    const containerId = `fake-${podKey.replace(/[^a-z0-9]/gi, '-')}`;
    const calls: { config: Json; ifname: string }[] = [];
    this.attached.set(podKey, { netns, calls });
    const statuses: NetworkStatus[] = [];
    const attachOne = (config: Json, ifname: string, name: string, isDefault: boolean) => {
      calls.push({ config, ifname });
      statuses.push(statusOf(this.add(netns, containerId, config, ifname), name, ifname, isDefault));
    };
    attachOne(this.defaultConfig(), 'eth0', DEFAULT_NETWORK_NAME, true);
    nads.forEach(({ network, config }, i) =>
      attachOne(
        this.withNodeState(config, network.name),
        network.interface ?? `net${i + 1}`,
        `${network.namespace}/${network.name}`,
        false,
      ),
    );
    return statuses;
  }

  /** CNI DEL of every attachment in reverse (host-local frees the addresses), then the namespace goes. */
  detach(podKey: string): void {
    const pod = this.attached.get(podKey);
    if (!pod) return;
    this.attached.delete(podKey);
    const containerId = `fake-${podKey.replace(/[^a-z0-9]/gi, '-')}`;
    for (const { config, ifname } of [...pod.calls].reverse()) {
      const plugins = Array.isArray(config.plugins) ? (config.plugins as Json[]) : [config];
      for (const plugin of [...plugins].reverse())
        this.lab.run({
          config: { cniVersion: config.cniVersion, name: config.name, ...plugin },
          pod: pod.netns,
          ifname,
          containerId,
          command: 'DEL',
        });
    }
    this.lab.removePod(pod.netns);
  }

  dispose(): void {
    this.lab.dispose();
  }
}
