// A whole modelled cluster in network namespaces, for the connectivity oracle
// (../shared/cni-oracle.md "Reachability"): one CniLab ("node" namespace) per node, each node
// interface one end of a veth whose peer is a port of a Linux bridge in a "segment" namespace
// (the physical L2 network the cluster model names), node bridges with their uplinks, and pods
// attached by the real plugins. `ping -c3 -W1` decides who reaches whom. Everything it made is
// removed by dispose(); namespaces a killed earlier run left behind are removed on create().
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { ClusterModel } from '../../engine';
import { formatPrefix } from '../../engine/address/ipAddress';
import { CniLab, removeStaleNamespaces } from './cniHarness';

const PREFIX = 'mnadcx';
const SEGMENT_BRIDGE = 'seg';
const run = promisify(execFile);

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** This file's namespaces that a killed run left behind, removed (cniHarness.ts removeStaleNamespaces). */
export function removeStaleLabNamespaces(): string[] {
  return removeStaleNamespaces(PREFIX);
}

let segmentCounter = 0;

export class ClusterLab {
  readonly nodes = new Map<string, CniLab>();
  private readonly segments = new Map<string, string>();
  private portCounter = 0;

  /** Builds the nodes, their interfaces, addresses, bridges and segments of a cluster model. */
  static create(cluster: ClusterModel): ClusterLab {
    const lab = new ClusterLab();
    try {
      for (const node of cluster.nodes) lab.addNode(node);
    } catch (error) {
      lab.dispose();
      throw error;
    }
    return lab;
  }

  private addNode(node: ClusterModel['nodes'][number]): void {
    const host = CniLab.create(PREFIX);
    this.nodes.set(node.name, host);
    for (const iface of node.interfaces) {
      if (iface.segment) this.plugIntoSegment(host, iface.name, iface.mtu, iface.segment);
      else host.addHostLink(iface.name, iface.mtu);
      for (const address of iface.addresses ?? [])
        ip('-n', host.host, 'addr', 'add', formatPrefix(address), 'dev', iface.name);
    }
    for (const bridge of node.bridges ?? []) {
      ip('-n', host.host, 'link', 'add', bridge.name, 'type', 'bridge');
      if (bridge.uplink) ip('-n', host.host, 'link', 'set', bridge.uplink, 'master', bridge.name);
      for (const address of bridge.addresses ?? [])
        ip('-n', host.host, 'addr', 'add', formatPrefix(address), 'dev', bridge.name);
      ip('-n', host.host, 'link', 'set', bridge.name, 'up');
    }
  }

  /** The node's interface is a veth end; its peer is a port of the segment's bridge. */
  private plugIntoSegment(host: CniLab, name: string, mtu: number, segment: string): void {
    const netns = this.segmentNamespace(segment);
    this.portCounter += 1;
    const port = `port${this.portCounter}`;
    ip('-n', host.host, 'link', 'add', name, 'mtu', String(mtu), 'type', 'veth', 'peer', 'name', port);
    ip('-n', host.host, 'link', 'set', port, 'netns', netns);
    ip('-n', netns, 'link', 'set', port, 'mtu', String(mtu), 'master', SEGMENT_BRIDGE, 'up');
    ip('-n', host.host, 'link', 'set', name, 'up');
  }

  private segmentNamespace(segment: string): string {
    const known = this.segments.get(segment);
    if (known) return known;
    segmentCounter += 1;
    const netns = `${PREFIX}-${process.pid}-seg${segmentCounter}`;
    ip('netns', 'add', netns);
    this.segments.set(segment, netns);
    ip('-n', netns, 'link', 'add', SEGMENT_BRIDGE, 'type', 'bridge');
    ip('-n', netns, 'link', 'set', SEGMENT_BRIDGE, 'up');
    return netns;
  }

  /**
   * A switch whose ports reflect frames back where they came from (hairpin, as 802.1Qbg
   * reflective relay does for VEPA), or not (a plain switch, the default).
   */
  setHairpin(on: boolean): void {
    for (const netns of this.segments.values()) {
      const ports = JSON.parse(
        execFileSync('ip', ['-n', netns, '-j', 'link', 'show', 'master', SEGMENT_BRIDGE], { encoding: 'utf8' }) || '[]',
      ) as { ifname: string }[];
      for (const port of ports) {
        execFileSync('ip', [
          'netns',
          'exec',
          netns,
          'bridge',
          'link',
          'set',
          'dev',
          port.ifname,
          'hairpin',
          on ? 'on' : 'off',
        ]);
      }
    }
  }

  dispose(): void {
    for (const node of this.nodes.values()) node.dispose();
    for (const netns of this.segments.values()) spawnSync('ip', ['netns', 'delete', netns]);
  }
}

/**
 * Up to three echo requests 0.2 s apart from a pod namespace, one second for each reply: did any
 * come back? One request alone was lost once in CI right after a hairpin bridge came up (the
 * first frame races the bridge's learning); more requests can only find more replies.
 */
export async function pings(netns: string, address: string): Promise<boolean> {
  try {
    await run('ip', ['netns', 'exec', netns, 'ping', '-n', '-c3', '-i0.2', '-W1', address], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Link types the kernel refuses here decide which modes are checked by ping and which by source only. */
export function kernelCreates(type: 'ipvlan' | 'vlan' | 'bridge-vlan-filtering'): boolean {
  const netns = `${PREFIX}-${process.pid}-probe`;
  ip('netns', 'add', netns);
  try {
    ip('-n', netns, 'link', 'add', 'lower', 'type', 'veth', 'peer', 'name', 'lowerp');
    const args =
      type === 'ipvlan'
        ? ['link', 'add', 'probe', 'link', 'lower', 'type', 'ipvlan', 'mode', 'l2']
        : type === 'vlan'
          ? ['link', 'add', 'probe', 'link', 'lower', 'type', 'vlan', 'id', '10']
          : ['link', 'add', 'probe', 'type', 'bridge', 'vlan_filtering', '1'];
    return spawnSync('ip', ['-n', netns, ...args]).status === 0;
  } finally {
    spawnSync('ip', ['netns', 'delete', netns]);
  }
}
