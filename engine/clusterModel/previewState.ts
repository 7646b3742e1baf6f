import type { TakenAddress } from './clusterModel';
import { HostLocalStore } from '../ipam/hostLocalAllocator';
import { WhereaboutsPools } from '../ipam/whereaboutsPools';

/**
 * Everything that persists between pods of one preview run: host-local's per-node state,
 * whereabouts' cluster-wide pools and the host ifindexes handed out to veth peers, so the
 * second pod sees what the first took. Addresses the cluster model lists as taken are there
 * from the start.
 */
export class PreviewState {
  readonly whereabouts: WhereaboutsPools;
  private readonly hostLocal = new Map<string, HostLocalStore>();
  private readonly nextHostIndex = new Map<string, number>();
  private readonly claimed = new Set<string>();
  private readonly macvlans = new Map<string, 'passthru' | 'shared'>();
  /** What the pod being attached has taken so far, as the steps that give it back. */
  private podUndo: (() => void)[] = [];

  constructor(private readonly taken: readonly TakenAddress[] = []) {
    this.whereabouts = new WhereaboutsPools(
      taken.filter((t) => t.ipam === 'whereabouts').map((t) => t.address),
      (release) => this.podUndo.push(release),
    );
  }

  /** host-local keeps one directory per node and network: `<dataDir>/<network name>/`. */
  hostLocalStore(node: string, dataDir: string, networkName: string): HostLocalStore {
    const key = `${node}\0${dataDir}\0${networkName}`;
    let store = this.hostLocal.get(key);
    if (!store) {
      const created: HostLocalStore = new HostLocalStore((address) =>
        this.podUndo.push(() => created.release(address)),
      );
      this.hostLocal.set(key, (store = created));
      for (const taken of this.taken) {
        if (taken.ipam !== 'host-local' || taken.node !== node || taken.network !== networkName) continue;
        if (taken.lastReserved) store.setLastReserved(taken.rangeSet ?? 0, taken.address);
        else store.markReserved(taken.address);
      }
    }
    return store;
  }

  /** A host interface moved into a pod (host-device) leaves the node: false when already taken. */
  claimDevice(node: string, device: string): boolean {
    return this.claim(`device\0${node}\0${device}`);
  }

  /** The kernel allows one VLAN link per (master, id) on a node. */
  claimVlan(node: string, master: string, vlanId: number): boolean {
    return this.claim(`vlan\0${node}\0${master}\0${vlanId}`);
  }

  /**
   * A passthru macvlan must be its master's only macvlan, and no macvlan joins a passthru
   * master: the kernel answers EINVAL (drivers/net/macvlan.c macvlan_common_newlink).
   */
  addMacvlan(node: string, master: string, passthru: boolean): boolean {
    const key = `${node}\0${master}`;
    const existing = this.macvlans.get(key);
    if (existing === 'passthru' || (existing && passthru)) return false;
    if (!existing) this.podUndo.push(() => this.macvlans.delete(key));
    this.macvlans.set(key, passthru ? 'passthru' : 'shared');
    return true;
  }

  private claim(key: string): boolean {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    this.podUndo.push(() => this.claimed.delete(key));
    return true;
  }

  /** A pod starts its ADDs: what it takes from now on is its own. */
  beginPod(): void {
    this.podUndo = [];
  }

  /**
   * The pod was refused: Multus deletes the networks it had added (MUL pkg/multus/multus.go
   * CmdAdd -> delPlugins) and the runtime tears the sandbox down, so host-local releases its
   * addresses (last_reserved_ip stays, as DEL leaves it), whereabouts deallocates its IPPool and
   * overlapping-range reservations, and devices, VLANs and macvlans come back.
   */
  releasePod(): void {
    for (const undo of this.podUndo.reverse()) undo();
    this.podUndo = [];
  }

  /** The next free ifindex in a node's host namespace, starting after its fixed links. */
  takeHostIndex(node: string, firstFree: number): number {
    const index = this.nextHostIndex.get(node) ?? firstFree;
    this.nextHostIndex.set(node, index + 1);
    return index;
  }
}
