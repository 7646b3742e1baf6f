import { HostLocalStore } from '../ipam/hostLocalAllocator';

/**
 * Everything that persists between pods of one preview run: host-local's per-node state and
 * the host ifindexes handed out to veth peers, so the second pod sees what the first took.
 */
export class PreviewState {
  private readonly hostLocal = new Map<string, HostLocalStore>();
  private readonly nextHostIndex = new Map<string, number>();

  /** host-local keeps one directory per node and network: `<dataDir>/<network name>/`. */
  hostLocalStore(node: string, dataDir: string, networkName: string): HostLocalStore {
    const key = `${node}\0${dataDir}\0${networkName}`;
    let store = this.hostLocal.get(key);
    if (!store) this.hostLocal.set(key, (store = new HostLocalStore()));
    return store;
  }

  /** The next free ifindex in a node's host namespace, starting after its fixed links. */
  takeHostIndex(node: string, firstFree: number): number {
    const index = this.nextHostIndex.get(node) ?? firstFree;
    this.nextHostIndex.set(node, index + 1);
    return index;
  }
}
