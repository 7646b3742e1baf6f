import type { ConfigSource } from './configSource';
import type { PluginEntry } from './cniConfigRules';
import { goField, goString } from './goJsonFields';
import type { Node as JsonNode } from 'jsonc-parser';
import { ownEntry } from '../json/jsonValue';

/** Linux's MTU bounds for an Ethernet device (include/uapi/linux/if_ether.h ETH_MIN_MTU, ETH_MAX_MTU; net/ethernet/eth.c ether_setup). */
const ETH_MIN_MTU = 68;
const ETH_MAX_MTU = 65535;

/**
 * How each plugin hands `mtu` to the kernel, and what the kernel answers outside its bounds:
 * `negative` says whether a negative value reaches the kernel (netlink omits IFLA_MTU <= 0 when
 * creating a link, so ptp and bridge ignore it; tuning calls LinkSetMTU with it; macvlan's
 * loadConf refuses it itself, reported by its schema).
 */
const MTU_PLUGINS: Readonly<
  Record<string, { readonly error: (plugin: JsonNode) => string; readonly negative: boolean }>
> = {
  // PLG plugins/main/macvlan/macvlan.go loadConf (the master's MTU is at most ETH_MAX_MTU), createMacvlan
  macvlan: { error: () => 'failed to create macvlan: invalid argument', negative: false },
  // PLG plugins/main/ipvlan/ipvlan.go createIpvlan
  ipvlan: { error: () => 'failed to create ipvlan: invalid argument', negative: false },
  // PLG plugins/main/vlan/vlan.go createVlan
  vlan: { error: () => 'failed to create vlan: invalid argument', negative: false },
  // PLG plugins/main/ptp/ptp.go setupContainerVeth -> pkg/ip/link_linux.go SetupVethWithName
  ptp: { error: () => 'failed to make veth pair: invalid argument', negative: false },
  // PLG plugins/main/bridge/bridge.go ensureBridge
  bridge: {
    error: (plugin) => {
      const name = goString(plugin, 'bridge') || 'cni0';
      return `failed to create bridge "${name}": could not add "${name}": invalid argument`;
    },
    negative: false,
  },
  // PLG plugins/meta/tuning/tuning.go changeMtu (netlink.LinkSetMTU)
  tuning: { error: () => 'invalid argument', negative: true },
};

/** An `mtu` the kernel refuses for the link the plugin creates or changes: ADD fails. */
export function checkKernelMtu(source: ConfigSource, plugin: PluginEntry): void {
  const limits = ownEntry(MTU_PLUGINS, plugin.type);
  const node = goField(plugin.node, 'mtu');
  if (!limits || node?.type !== 'number') return;
  const mtu = node.value as number;
  if (!Number.isInteger(mtu) || mtu === 0 || (mtu < 0 && !limits.negative)) return;
  if (mtu >= ETH_MIN_MTU && mtu <= ETH_MAX_MTU) return;
  const message =
    plugin.type === 'macvlan' && mtu > ETH_MAX_MTU
      ? `MTU ${mtu} is above any master's MTU. The plugin fails with: invalid MTU ${mtu}, must be [0, master MTU(<MTU of the master on the node>)]: no master has an MTU above ${ETH_MAX_MTU}`
      : `MTU ${mtu} is outside ${ETH_MIN_MTU} to ${ETH_MAX_MTU}, what Linux accepts for this link. ${plugin.type} fails at ADD: ${limits.error(plugin.node)}`;
  source.at('plugin-mtu-out-of-range', node, `${message}. Use 0 (the default) or a value in that range.`);
}
