// Runs one network (a conf or a conflist) through the real plugins the way libcni does
// (CNI libcni/api.go buildOneConfig, injectRuntimeConfig, AddNetworkList): the list's name and
// cniVersion injected into each plugin, the previous result as prevResult, and runtimeConfig
// limited to the capabilities each plugin declares. Host-local state goes to the lab's dataDir.
import type { CniLab } from './cniHarness';

import type { Json } from '../../engine';

export interface RealAttach {
  readonly config: Json;
  readonly ifname: string;
  /** CNI_ARGS pairs after Multus' K8S_* ones, e.g. `IP=10.1.1.5/24`. */
  readonly cniArgs?: readonly string[];
  readonly capabilityArgs?: Json;
}

/** The final result, or the error text as Multus would quote it. */
export type RealOutcome = { ok: true; result: Json } | { ok: false; msg: string };

export function attachReal(lab: CniLab, pod: string, attach: RealAttach): RealOutcome {
  const { config } = attach;
  const isList = typeof config.type !== 'string' && Array.isArray(config.plugins);
  const plugins = isList ? (config.plugins as Json[]) : [config];
  const args = [
    'IgnoreUnknown=true',
    'K8S_POD_NAMESPACE=default',
    `K8S_POD_NAME=${pod}`,
    `K8S_POD_INFRA_CONTAINER_ID=c-${pod}`,
    ...(attach.cniArgs ?? []),
  ].join(';');
  let prevResult: Json | undefined;
  for (const plugin of plugins) {
    const one: Json = isList ? { ...plugin, name: config.name, cniVersion: config.cniVersion } : { ...plugin };
    const ipam = one.ipam as Json | undefined;
    // Every run starts from a fresh node: host-local state always goes to the lab (even a config's own dataDir).
    if (ipam && ipam.type === 'host-local') one.ipam = { ...ipam, dataDir: lab.dataDir };
    if (prevResult) one.prevResult = prevResult;
    const capabilities = (plugin.capabilities ?? {}) as Json;
    const runtimeConfig: Json = {};
    for (const [key, value] of Object.entries(attach.capabilityArgs ?? {}))
      if (capabilities[key] === true) runtimeConfig[key] = value;
    if (Object.keys(runtimeConfig).length) one.runtimeConfig = runtimeConfig;
    const run = lab.run({ config: one, pod, ifname: attach.ifname, cniArgs: args, containerId: `c-${pod}` });
    if (!run.result) {
      const msg = run.error ? `${run.error.msg}${run.error.details ? `; ${run.error.details}` : ''}` : run.stderr;
      const named = typeof plugin.name === 'string' ? ` name="${plugin.name}"` : '';
      return { ok: false, msg: isList ? `plugin type="${String(plugin.type)}"${named} failed (add): ${msg}` : msg };
    }
    prevResult = run.result;
  }
  return { ok: true, result: prevResult ?? {} };
}

/**
 * The fe80::/64 routes appear when each link's IPv6 link-local address is ready, which depends
 * on carrier and DAD timing, not on the order the plugins ran: their relative order is sorted
 * away before comparing `ip -6 route` text.
 */
export function linkLocalOrderFree(routes: string): string {
  const lines = routes.split('\n');
  const local = lines.filter((line) => line.startsWith('fe80::/64 dev ')).sort();
  let next = 0;
  return lines.map((line) => (line.startsWith('fe80::/64 dev ') ? local[next++] : line)).join('\n');
}

/** flannel's bridge delegate for a node (domain.md §7.1, FLCNI flannel_linux.go), as the real plugins get it. */
export function flannelBridgeDelegate(podCIDR: string, podCIDRv6?: string): Json {
  const ranges = [[{ subnet: podCIDR }], ...(podCIDRv6 ? [[{ subnet: podCIDRv6 }]] : [])];
  const routes = [{ dst: '10.244.0.0/16' }, ...(podCIDRv6 ? [{ dst: 'fd00:10:244::/56' }] : [])];
  return {
    cniVersion: '0.3.1',
    name: 'cbr0',
    type: 'bridge',
    hairpinMode: true,
    isDefaultGateway: true,
    isGateway: true,
    ipMasq: false,
    mtu: 1450,
    ipam: { type: 'host-local', ranges, routes },
  };
}

/** The manifests the engine reads for an oracle case: one NAD per config (single-line JSON), one Pod per entry, pinned to its node. */
export function oracleManifests(
  nads: Readonly<Record<string, Json>>,
  pods: readonly { readonly name: string; readonly node: string; readonly annotation: string }[],
): string {
  const docs = Object.entries(nads).map(
    ([name, config]) =>
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: '${JSON.stringify(config)}'\n`,
  );
  for (const pod of pods) {
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod.name}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: '${pod.annotation}'\nspec:\n  nodeName: ${pod.node}\n  containers: []\n`,
    );
  }
  return docs.join('---\n');
}
