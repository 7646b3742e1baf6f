import type { Node as JsonNode } from 'jsonc-parser';
import type { ConfigSource } from './configSource';
import type { CniShape, PluginEntry } from './cniConfigRules';
import { goBool, goField, goNumber, goString } from './goJsonFields';
import { checkAgainstSchema } from './schemaRules';
import { PLUGIN_SCHEMAS, type SchemaNode } from './schemaRegistry';
import { ownEntry } from '../json/jsonValue';
import { checkKernelMtu } from './mtuRules';
import { checkTuning } from './tuningRules';

/** What the plugin rules need to know about the NAD around the config. */
export interface NadContext {
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The plugin binaries the target nodes have (engine/plugins/installedPlugins.ts). */
  readonly installed: ReadonlySet<string>;
}

const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

/** Reference main plugins whose interface gets addresses only from their IPAM. */
const ADDRESSES_FROM_IPAM_ONLY = ['macvlan', 'ipvlan', 'bridge', 'ptp', 'vlan', 'host-device', 'tap', 'dummy'];

/** Plugins whose interface has no veth peer on the host (bandwidth cannot shape them). */
const NO_VETH_PEER = ['macvlan', 'ipvlan', 'sriov', 'host-device', 'vlan', 'ib-sriov', 'ipoib'];

/** Schema check, then the rules a schema cannot say, for one plugin object. */
export function checkPlugin(source: ConfigSource, plugin: PluginEntry, shape: CniShape, nad: NadContext): void {
  const schema = ownEntry(PLUGIN_SCHEMAS, plugin.type);
  if (schema) {
    checkAgainstSchema(source, plugin.node, plugin.index >= 0 ? listMemberSchema(schema) : schema, {
      owner: plugin.type,
      decodeError: schema['x-decodeError'],
      ignoreKeys: plugin.index < 0 ? ['plugins'] : [],
    });
    checkInterfaceNames(source, plugin.node, schema);
  }
  checkKernelMtu(source, plugin);
  ownEntry(PLUGIN_RULES, plugin.type)?.(source, plugin, shape, nad);
}

const memberSchemas = new Map<SchemaNode, SchemaNode>();

/** In a list libcni overwrites each plugin's name and cniVersion with the list's (CNI libcni/api.go buildOneConfig). */
function listMemberSchema(schema: SchemaNode): SchemaNode {
  let member = memberSchemas.get(schema);
  if (!member) {
    const note = 'Overwritten by the list\'s value in a "plugins" list.';
    member = {
      ...schema,
      properties: {
        ...schema.properties,
        cniVersion: { type: 'string', description: note },
        name: { type: 'string', description: note },
      },
    };
    memberSchemas.set(schema, member);
  }
  return member;
}

/**
 * Interface names the plugins pass to the kernel: at most 15 bytes, no "/", ":" or whitespace
 * (CNI pkg/utils/utils.go ValidateInterfaceName; Linux dev_valid_name).
 */
function checkInterfaceNames(source: ConfigSource, object: JsonNode, schema: SchemaNode): void {
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    if (!property['x-interfaceName']) continue;
    const node = goField(object, field);
    if (node?.type !== 'string') continue;
    const problem = interfaceNameProblem(node.value as string);
    if (problem) {
      source.at(
        'plugin-interface-name-invalid',
        node,
        `"${String(node.value)}" is not a valid interface name for "${field}". ${problem[0].toUpperCase()}${problem.slice(1)}. A Linux interface name has at most 15 characters and no "/", ":" or whitespace; the plugin fails to find or create it.`,
      );
    }
  }
}

export function interfaceNameProblem(name: string): string | undefined {
  if (name === '') return undefined;
  if (new TextEncoder().encode(name).length > 15) return 'interface name is too long';
  if (name === '.' || name === '..') return 'interface name cannot be "." or ".."';
  if (/[/:\s]/.test(name)) return 'interface name contains / or : or whitespace characters';
  return undefined;
}

type PluginRule = (source: ConfigSource, plugin: PluginEntry, shape: CniShape, nad: NadContext) => void;

function ipamType(object: JsonNode): string {
  return goString(goField(object, 'ipam'), 'type') ?? '';
}

/** A plugin that fails without IPAM, with its own error text (the upstream source is named at each use). */
function requireIpam(message: string): (source: ConfigSource, plugin: PluginEntry) => void {
  return (source, plugin) => {
    if (ipamType(plugin.node) !== '') return;
    const ipam = goField(plugin.node, 'ipam');
    source.at(
      'plugin-ipam-required',
      ipam ?? goField(plugin.node, 'type') ?? plugin.node,
      `${plugin.type} needs an IPAM plugin. It fails with: ${message}. Add "ipam": {"type": "host-local", ...} (or static, whereabouts, dhcp).`,
    );
  };
}

function defaultMaster(source: ConfigSource, plugin: PluginEntry): void {
  if (goField(plugin.node, 'master')) return;
  source.at(
    'plugin-master-default',
    goField(plugin.node, 'type') ?? plugin.node,
    `No "master": ${plugin.type} uses each node's default-route interface. It fails with "no default route interface found" where there is none. Set "master" to pin the host interface.`,
  );
}

const PLUGIN_RULES: Readonly<Record<string, PluginRule>> = {
  // PLG plugins/main/macvlan/macvlan.go loadConf
  macvlan: defaultMaster,
  // PLG plugins/main/ipvlan/ipvlan.go loadConf, cmdAdd
  ipvlan: (source, plugin) => {
    defaultMaster(source, plugin);
    if (plugin.index <= 0) requireIpam('no plugin name provided')(source, plugin); // plugins/main/ipvlan/ipvlan.go cmdAdd
  },
  // PLG plugins/main/vlan/vlan.go loadConf
  vlan: (source, plugin) => {
    if (!goString(plugin.node, 'master')) {
      source.at(
        'plugin-field-required',
        goField(plugin.node, 'type') ?? plugin.node,
        `vlan needs "master". It fails with: "master" field is required. It specifies the host interface name to create the VLAN for. Add "master": "<host interface>".`,
        { field: 'master' },
      );
    }
    // plugins/main/vlan/vlan.go cmdAdd
    requireIpam('failed to execute IPAM delegate: no plugin name provided')(source, plugin);
  },
  ptp: requireIpam('no plugin name provided'), // plugins/main/ptp/ptp.go cmdAdd
  dummy: requireIpam('dummy interface requires an IPAM configuration'), // plugins/main/dummy/dummy.go
  bridge: checkBridge,
  'host-device': checkHostDevice,
  sriov: checkSriov,
  // PLG plugins/meta/portmap/main.go parseConfig
  portmap: (source, plugin) => {
    const chain = goField(plugin.node, 'externalSetMarkChain');
    if (chain && goField(plugin.node, 'markMasqBit')) {
      source.atKey(
        'plugin-fields-exclusive',
        chain,
        'failed to parse config: Cannot specify externalSetMarkChain and markMasqBit. Remove one of them.',
      );
    }
  },
  bandwidth: checkBandwidth,
  // PLG plugins/meta/vrf/main.go parseConf
  vrf: (source, plugin) => {
    if (goString(plugin.node, 'vrfname')) return;
    source.at(
      'plugin-field-required',
      goField(plugin.node, 'type') ?? plugin.node,
      'vrf needs "vrfname". It fails with: configuration is expected to have a valid vrf name. Add "vrfname": "<vrf>".',
      { field: 'vrfname' },
    );
  },
  tuning: checkTuning,
  sbr: checkSbr,
  // FLCNI flannel.go loadFlannelNetConf
  flannel: (source, plugin) => {
    const delegate = goField(plugin.node, 'delegate');
    for (const key of ['name', 'ipam']) {
      const node = goField(delegate, key);
      if (node)
        source.atKey(
          'plugin-value-unknown',
          node,
          `'delegate' dictionary must not have '${key}' field, it'll be set by flannel.`,
        );
    }
  },
};

// PLG plugins/main/bridge/bridge.go loadNetConf, collectVlanTrunk, cmdAdd
function checkBridge(source: ConfigSource, plugin: PluginEntry): void {
  const node = plugin.node;
  if (goBool(node, 'hairpinMode') && goBool(node, 'promiscMode')) {
    source.atKey(
      'plugin-fields-exclusive',
      goField(node, 'promiscMode')!,
      'cannot set hairpin mode and promiscuous mode at the same time. Keep hairpinMode or promiscMode, not both.',
    );
  }
  if (goBool(node, 'disableContainerInterface') && ipamType(node) !== '') {
    source.atKey(
      'plugin-fields-exclusive',
      goField(node, 'disableContainerInterface')!,
      'cannot use IPAM when DisableContainerInterface flag is set. Remove "ipam" or "disableContainerInterface".',
    );
  }
  if (!goField(node, 'bridge')) {
    source.at(
      'plugin-bridge-default-name',
      goField(node, 'type') ?? node,
      'No "bridge": the plugin uses "cni0", which the cluster\'s own CNI (e.g. flannel) may already use. Name the bridge.',
    );
  }
  for (const entry of goField(node, 'vlanTrunk')?.children ?? []) checkTrunkEntry(source, entry);
}

function checkTrunkEntry(source: ConfigSource, entry: JsonNode): void {
  const min = goNumber(entry, 'minID');
  const max = goNumber(entry, 'maxID');
  const id = goNumber(entry, 'id');
  const bad = (value: number | undefined) => value !== undefined && (value < 1 || value > 4094);
  const report = (message: string) => source.at('plugin-vlan-out-of-range', entry, `${message} (VLAN ids 1..4094).`);
  if ((min === undefined) !== (max === undefined)) {
    report(`minID and maxID should be configured simultaneously, ${min === undefined ? 'minID' : 'maxID'} is missing`);
  } else if (bad(min)) report('incorrect trunk minID parameter');
  else if (bad(max)) report('incorrect trunk maxID parameter');
  else if (min !== undefined && max !== undefined && min > max)
    report('minID is greater than maxID in trunk parameter');
  if (bad(id)) report('incorrect trunk id parameter');
}

// PLG plugins/main/host-device/host-device.go loadConf
function checkHostDevice(source: ConfigSource, plugin: PluginEntry, _shape: CniShape, nad: NadContext): void {
  const node = plugin.node;
  const selectors = ['device', 'hwaddr', 'kernelpath', 'pciBusID'];
  const fromResource = nad.annotations[RESOURCE_NAME_ANNOTATION] !== undefined;
  if (!selectors.some((field) => goString(node, field)) && !fromResource) {
    source.at(
      'plugin-field-required',
      goField(node, 'type') ?? node,
      'host-device needs the device to move into the pod. It fails with: specify either "device", "hwaddr", "kernelpath" or "pciBusID". Name one, or give the NAD a k8s.v1.cni.cncf.io/resourceName annotation so Multus injects pciBusID.',
      { field: 'device' },
    );
  }
  const kernelpath = goField(node, 'kernelpath');
  if (kernelpath?.type === 'string' && !String(kernelpath.value).startsWith('/sys/devices/')) {
    source.at(
      'plugin-value-unknown',
      kernelpath,
      `failed to find host device: kernel device path "${String(kernelpath.value)}" must be absolute and begin with /sys/devices/.`,
    );
  }
}

// SRIOV pkg/config/config.go LoadConf
function checkSriov(source: ConfigSource, plugin: PluginEntry, _shape: CniShape, nad: NadContext): void {
  const node = plugin.node;
  const vlanNode = goField(node, 'vlan');
  const vlan = goNumber(node, 'vlan');
  const qos = goField(node, 'vlanQoS');
  const proto = goField(node, 'vlanProto');
  if (qos && !vlanNode) {
    source.atKey(
      'plugin-field-required',
      qos,
      'LoadConf(): vlan id must be configured to set vlan QoS to a non-nil value. Add "vlan".',
    );
  } else if (qos && vlan === 0 && qos.value !== 0) {
    source.at(
      'plugin-value-out-of-range',
      qos,
      'LoadConf(): non-zero vlan id must be configured to set vlan QoS to a non-zero value.',
    );
  }
  if (proto && !vlanNode) {
    source.atKey(
      'plugin-field-required',
      proto,
      'LoadConf(): vlan id must be configured to set vlan proto to a non-nil value. Add "vlan".',
    );
  } else if (proto?.type === 'string') {
    const value = String(proto.value).toLowerCase();
    if (value !== '802.1q' && value !== '802.1ad') {
      source.at(
        'plugin-value-unknown',
        proto,
        `LoadConf(): vlan Proto ${String(proto.value)} invalid: value must be '802.1Q' or '802.1ad'.`,
      );
    } else if (value === '802.1ad' && vlan === 0) {
      source.at(
        'plugin-value-out-of-range',
        proto,
        'LoadConf(): non-zero vlan id must be configured to set vlan proto 802.1ad.',
      );
    }
  }
  if (!goString(node, 'deviceID') && nad.annotations[RESOURCE_NAME_ANNOTATION] === undefined) {
    source.at(
      'nad-resource-name-missing',
      goField(node, 'type') ?? node,
      "sriov needs the VF's PCI address, and nothing provides it. Without a k8s.v1.cni.cncf.io/resourceName annotation on the NAD Multus injects no deviceID and the plugin fails: SRIOV-CNI failed to load netconf: LoadConf(): VF pci addr is required. Add the annotation with the device plugin's resource name.",
    );
  }
}

// PLG plugins/meta/bandwidth/main.go validateRateAndBurst, getHostInterface
function checkBandwidth(source: ConfigSource, plugin: PluginEntry, shape: CniShape): void {
  const node = plugin.node;
  for (const direction of ['ingress', 'egress']) {
    const rate = goNumber(node, `${direction}Rate`) ?? 0;
    const burst = goNumber(node, `${direction}Burst`) ?? 0;
    const at = goField(node, `${direction}Rate`) ?? goField(node, `${direction}Burst`);
    if (!at) continue;
    if (burst === 0 && rate !== 0)
      source.atKey('plugin-field-required', at, `if rate is set, burst must also be set. Add "${direction}Burst".`);
    else if (rate === 0 && burst !== 0)
      source.atKey('plugin-field-required', at, `if burst is set, rate must also be set. Add "${direction}Rate".`);
    else if (burst / 8 >= 2 ** 32 - 1)
      source.atKey('plugin-value-out-of-range', goField(node, `${direction}Burst`)!, 'burst cannot be more than 4GB.');
  }
  checkBandwidthTwice(source, plugin, shape);
  const main = shape.plugins[0];
  if (main && main !== plugin && NO_VETH_PEER.includes(main.type) && shapesTraffic(node)) {
    source.at(
      'plugin-bandwidth-veth',
      goField(node, 'type') ?? node,
      `bandwidth cannot shape ${main.type}: it needs a veth pair, and ${main.type} has none. It fails with: no veth peer of container interface found in host ns. Use bandwidth after bridge or ptp.`,
    );
  }
}

/** The directions a bandwidth plugin shapes: both rate and burst above 0 (PLG plugins/meta/bandwidth/main.go cmdAdd). */
function shapedDirections(node: JsonNode): string[] {
  return ['ingress', 'egress'].filter(
    (direction) => (goNumber(node, `${direction}Rate`) ?? 0) > 0 && (goNumber(node, `${direction}Burst`) ?? 0) > 0,
  );
}

/**
 * Whether ADD shapes anything: with no rate and burst above 0 cmdAdd returns prevResult before
 * looking for the veth peer (PLG plugins/meta/bandwidth/main.go getBandwidth, isZero). Without
 * static limits the pod's bandwidth annotation may still come in through the capability.
 */
function shapesTraffic(node: JsonNode): boolean {
  const statics = ['ingressRate', 'ingressBurst', 'egressRate', 'egressBurst'].some((key) => goField(node, key));
  const capability = goBool(goField(node, 'capabilities'), 'bandwidth');
  return shapedDirections(node).length > 0 || (!statics && capability);
}

/**
 * Two bandwidth plugins in one chain shaping the same direction: the second ADD finds the first's
 * work on the same host veth. Ingress: `tc qdisc add ... root tbf` again (PLG plugins/meta/bandwidth/
 * ifb_creator.go createTBF, netlink.QdiscAdd) fails "create qdisc: file exists". Egress: the ifb
 * device is named from the network name and container ID (main.go getIfbDeviceName), the same for
 * both, so CreateIfb fails "adding link: file exists".
 */
function checkBandwidthTwice(source: ConfigSource, plugin: PluginEntry, shape: CniShape): void {
  const shaped = shapedDirections(plugin.node);
  const earlier = shape.plugins.slice(0, shape.plugins.indexOf(plugin)).filter((p) => p.type === 'bandwidth');
  for (const direction of shaped) {
    const first = earlier.find((p) => shapedDirections(p.node).includes(direction));
    if (!first) continue;
    const failure = direction === 'ingress' ? 'create qdisc: file exists' : 'adding link: file exists';
    source.atKey(
      'plugin-bandwidth-duplicate',
      goField(plugin.node, `${direction}Rate`)!,
      `A second bandwidth plugin shapes ${direction} again. plugins[${first.index}] (bandwidth) already shapes ${direction} on this interface's host veth, so this bandwidth fails at ADD: ${failure}. Keep one bandwidth plugin per direction.`,
    );
    return;
  }
}

// PLG plugins/meta/sbr/main.go getIPCfgs: the routing table is built from prevResult's IPs.
function checkSbr(source: ConfigSource, plugin: PluginEntry, shape: CniShape): void {
  const main = shape.plugins[0];
  if (!main || main === plugin || !ADDRESSES_FROM_IPAM_ONLY.includes(main.type)) return;
  if (ipamType(main.node) !== '') {
    checkSbrTwice(source, plugin, shape, main);
    return;
  }
  source.at(
    'plugin-sbr-no-addresses',
    goField(plugin.node, 'type') ?? plugin.node,
    `sbr fails because ${main.type}'s interface gets no address. ${main.type} has no "ipam" here, and sbr fails at ADD: No IP addresses supplied on interface: net1. Give ${main.type} an IPAM, or remove sbr.`,
  );
}

/** The gateway the IPAM result gives the interface, when the config alone says so (host-local: always). */
function ipamGateway(main: PluginEntry): string | undefined {
  const ipam = goField(main.node, 'ipam');
  const type = ipamType(main.node);
  // PLG plugins/ipam/host-local/backend/allocator/range.go Canonicalize: the gateway defaults to the subnet's first address.
  if (type === 'host-local') return goString(ipam, 'gateway') || "the range's gateway";
  if (type === 'whereabouts') return goString(ipam, 'gateway') || undefined;
  if (type !== 'static') return undefined;
  const addresses = goField(ipam, 'addresses');
  const gateways = (addresses?.type === 'array' ? (addresses.children ?? []) : []).map((a) => goString(a, 'gateway'));
  return gateways.find((gateway) => !!gateway);
}

/**
 * A second sbr in one chain, on an interface whose address has a gateway: the first sbr moved the
 * interface's routes out of the main table into table 100 (PLG plugins/meta/sbr/main.go doRoutes,
 * RouteReplace then RouteDel), so the second one's default route via the gateway in table 101
 * finds no route to it: "Failed to add default route to <gateway>: network is unreachable"
 * (seen with the real v1.1.1 sbr; without a gateway the second sbr adds only a rule and succeeds).
 */
function checkSbrTwice(source: ConfigSource, plugin: PluginEntry, shape: CniShape, main: PluginEntry): void {
  const first = shape.plugins.slice(0, shape.plugins.indexOf(plugin)).find((p) => p.type === 'sbr');
  const gateway = first && ipamGateway(main);
  if (!first || !gateway) return;
  source.at(
    'plugin-sbr-duplicate',
    goField(plugin.node, 'type') ?? plugin.node,
    `A second sbr in this chain fails at ADD. plugins[${first.index}] (sbr) already moved this interface's routes to their own table, so this sbr fails at ADD: Failed to add default route to ${gateway}: network is unreachable. Keep one sbr per chain.`,
  );
}
