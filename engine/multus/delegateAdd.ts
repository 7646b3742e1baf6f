import type { ClusterModel, ClusterNode } from '../clusterModel/clusterModel';
import type { CniResult } from '../cni/cniResult';
import { pluginFor, supportedVersions } from '../plugins/pluginRegistry';
import type { AttachOutcome, CniArgs } from '../plugins/pluginModel';
import type { PodNetns } from '../netns/podNetns';
import type { PreviewState } from '../clusterModel/previewState';
import type { Delegate } from './delegates';
import { type Json } from '../json/jsonValue';

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export interface DelegateRun {
  readonly podKey: string;
  readonly node: ClusterNode;
  readonly cluster: ClusterModel;
  readonly state: PreviewState;
  readonly netns: PodNetns;
  readonly ifname: string;
}

export interface DelegateOutcome {
  readonly result: CniResult;
  readonly notes: string[];
  readonly dhcp: boolean;
}

/**
 * Multus' DelegateAdd (MUL pkg/multus/multus.go) and libcni's AddNetwork/AddNetworkList (CNI
 * libcni/api.go): the interface name must be free in the pod, the pod's `mac` and `ips`
 * become CNI_ARGS `MAC` and `IP`, `cni-args` is merged into `args.cni`, each plugin gets the
 * list's name and cniVersion, the previous result, and only the capability args it declared.
 * Errors are the plugin's message (a conflist's wrapped with `plugin type=... failed (add)`).
 */
export function delegateAdd(delegate: Delegate, run: DelegateRun): DelegateOutcome | { error: string } {
  const { config } = delegate;
  const confType = config.kind === 'conf' ? config.plugins[0].type : '';
  if (run.netns.link(run.ifname)) {
    return {
      error: `DelegateAdd: cannot set "${confType}" interface name to "${run.ifname}": validateIfName: interface name ${run.ifname} already exists`,
    };
  }
  const invalid = libcniChecks(config.name, run.ifname);
  if (invalid) return { error: invalid };
  const selection = delegate.selection;
  const cniArgs: CniArgs = {
    ...(selection?.mac ? { MAC: selection.mac } : {}),
    ...(selection?.ips ? { IP: selection.ips.join(',') } : {}),
  };
  const capabilityArgs = capabilityArgsOf(delegate);
  // delegateAddDeviceID (MUL pkg/types/conf.go): the allocated device goes into every plugin object.
  const device = delegate.deviceID ? { deviceID: delegate.deviceID, pciBusID: delegate.deviceID } : {};
  let prevResult: CniResult | undefined;
  const notes: string[] = [];
  let dhcp = false;
  for (const plugin of config.plugins) {
    const wrap = (error: string) =>
      config.kind === 'conflist'
        ? `plugin type="${plugin.type}"${pluginName(plugin.raw)} failed (add): ${error}`
        : error;
    const model = pluginFor(plugin.type, run.cluster);
    if (!model) return { error: wrap(`failed to find plugin "${plugin.type}" in path [/opt/cni/bin]`) };
    const raw = pluginObject(
      config.kind,
      { ...plugin.raw, ...device },
      config.name,
      config.cniVersion,
      selection?.cniArgs,
      capabilityArgs,
    );
    const versions = supportedVersions(plugin.type, run.cluster.pluginVersion);
    const version = typeof raw.cniVersion === 'string' ? raw.cniVersion : '';
    if (version !== '' && !versions.includes(version)) {
      return {
        error: wrap(
          `incompatible CNI versions; config is "${version}", plugin supports [${versions.map((v) => `"${v}"`).join(' ')}]`,
        ),
      };
    }
    const step = model.add({
      podKey: run.podKey,
      node: run.node,
      cluster: run.cluster,
      ifname: run.ifname,
      networkName: config.name ?? '',
      statusName: delegate.statusName,
      config,
      plugin: raw,
      type: plugin.type,
      cniArgs,
      netns: run.netns,
      state: run.state,
      prevResult,
    });
    if ('error' in step) return { error: wrap(step.error) };
    notes.push(...(step.notes ?? []));
    dhcp ||= !!(step as AttachOutcome).dhcp;
    prevResult = step.result;
  }
  return { result: convertForVersion(prevResult as CniResult, config.cniVersion), notes, dhcp };
}

/** libcni checks the network name and the interface name before running anything (CNI pkg/utils/utils.go). */
function libcniChecks(name: string | undefined, ifname: string): string | undefined {
  if (!name) return 'missing network name:';
  if (!NETWORK_NAME.test(name)) return `invalid characters found in network name; ${name}`;
  if (ifname === '') return 'interface name is empty';
  if (Buffer.byteLength(ifname) > 15)
    return 'interface name is too long; interface name should be less than 16 characters';
  if (ifname === '.' || ifname === '..') return 'interface name is . or ..';
  if (/[/:\s]/.test(ifname)) return 'interface name contains / or : or whitespace characters';
  return undefined;
}

function pluginName(raw: Json): string {
  return typeof raw.name === 'string' && raw.name !== '' ? ` name="${raw.name}"` : '';
}

/** The capability args Multus builds from the selection (MUL pkg/types/conf.go createRuntimeConf). */
function capabilityArgsOf(delegate: Delegate): Json {
  const s = delegate.selection;
  const args: Json = {};
  if (!s) return delegate.deviceID ? { deviceID: delegate.deviceID } : args;
  if (s.portMappings?.length) args.portMappings = s.portMappings;
  if (s.bandwidth) args.bandwidth = s.bandwidth;
  if (s.ips?.length) args.ips = s.ips;
  if (s.mac) args.mac = s.mac;
  if (s.infinibandGuid) args.infinibandGUID = s.infinibandGuid;
  // A device from the resource map wins over the selection's own `deviceID` (MUL pkg/types/conf.go).
  if (delegate.deviceID ?? s.deviceID) args.deviceID = delegate.deviceID ?? s.deviceID;
  return args;
}

/** The plugin object libcni hands to one plugin: cni-args merged, name/cniVersion injected, runtimeConfig filtered. */
function pluginObject(
  kind: 'conf' | 'conflist',
  raw: Readonly<Json>,
  name: string | undefined,
  cniVersion: string | undefined,
  cniArgs: Readonly<Json> | undefined,
  capabilityArgs: Json,
): Json {
  const object: Json = { ...raw };
  if (kind === 'conflist') {
    object.name = name;
    if (cniVersion !== undefined) object.cniVersion = cniVersion;
  }
  if (cniArgs) {
    const args = (object.args && typeof object.args === 'object' ? { ...(object.args as Json) } : {}) as Json;
    args.cni = { ...((args.cni as Json) ?? {}), ...cniArgs };
    object.args = args;
  }
  const capabilities = (object.capabilities ?? {}) as Json;
  const runtimeConfig: Json = {};
  for (const [key, value] of Object.entries(capabilityArgs)) if (capabilities[key] === true) runtimeConfig[key] = value;
  if (Object.keys(runtimeConfig).length) object.runtimeConfig = runtimeConfig;
  return object;
}

/**
 * A config below cniVersion 0.3.0 gets a 0.1.0/0.2.0 result: no interfaces and no interface
 * index on the addresses (CNI pkg/types/internal/convert.go), which is why Multus writes no
 * network-status entry for it.
 */
function convertForVersion(result: CniResult, cniVersion: string | undefined): CniResult {
  if (cniVersion && !['0.1.0', '0.2.0'].includes(cniVersion)) return result;
  return {
    ...result,
    interfaces: [],
    ips: result.ips.map(({ address, gateway }) => (gateway ? { address, gateway } : { address })),
  };
}
