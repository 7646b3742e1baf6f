import type { Node as JsonNode } from 'jsonc-parser';
import type { ConfigSource } from './configSource';
import type { PluginEntry } from './cniConfigRules';
import { goField, propertiesOf } from './goJsonFields';
import { PER_INTERFACE_SYSCTLS } from './netSysctls';
import { closestName } from './similarNames';
import { ownEntry } from '../json/jsonValue';

/** PLG plugins/meta/tuning/tuning.go cmdAdd: sysctls, then mac (changeMacAddr). */
export function checkTuning(source: ConfigSource, plugin: PluginEntry): void {
  for (const { key, value } of propertiesOf(goField(plugin.node, 'sysctl'))) checkSysctl(source, key, value);
  const mac = goField(plugin.node, 'mac');
  if (mac?.type === 'string' && mac.value !== '') checkMac(source, mac, String(mac.value));
}

function checkSysctl(source: ConfigSource, key: string, value: JsonNode): void {
  // tuning.go: IFNAME becomes the interface name, "." becomes "/", and the path must be under /proc/sys/net/.
  const path = key.replace('IFNAME', 'net1').split(/[./]/);
  if (path[0] !== 'net') {
    source.atKey(
      'plugin-value-unknown',
      value,
      `"${key}" is not a net sysctl. tuning only sets sysctls under net. such as net.ipv4.conf.IFNAME.arp_notify, and fails with: invalid net sysctl key: "${key}".`,
      { key },
    );
    return;
  }
  // net.<family>.<conf|neigh>.<interface>.<leaf>; an interface name with dots is not checked.
  const known = path.length === 5 ? ownEntry(PER_INTERFACE_SYSCTLS, `${path[1]}.${path[2]}`) : undefined;
  const leaf = path[4];
  if (!known || known.includes(leaf)) return;
  const meant = closestName(leaf, known);
  source.atKey(
    'plugin-value-unknown',
    value,
    `"${key}" is not a sysctl. Linux has no "${leaf}" in /proc/sys/net/${path[1]}/${path[2]}/<interface>/, so tuning fails at ADD: open /proc/sys/${path.join('/')}: no such file or directory.` +
      (meant ? ` Did you mean "${meant}"?` : ''),
    meant ? { key, replacement: key.replace(new RegExp(`${leaf}$`), meant) } : { key },
  );
}

/**
 * Go's net.ParseMAC grammar: 6, 8 or 20 octets, as pairs of hex digits separated by ":" or "-",
 * or groups of four separated by "."; then the kernel refuses a multicast or all-zero Ethernet
 * address (net/ethernet/eth.c eth_prepare_mac_addr_change, is_valid_ether_addr).
 */
function checkMac(source: ConfigSource, node: JsonNode, text: string): void {
  const octets = parseMac(text);
  if (!octets) {
    source.at(
      'plugin-value-unknown',
      node,
      `${text} is not a MAC address. tuning fails with: invalid args ${text} for MAC addr: address ${text}: invalid MAC address. Write six hex pairs, e.g. 02:00:00:00:00:01.`,
    );
  } else if (octets.length === 6 && ((octets[0] & 1) === 1 || octets.every((o) => o === 0))) {
    source.at(
      'plugin-value-unknown',
      node,
      `${text} is a ${octets.every((o) => o === 0) ? 'zero' : 'multicast'} address, which Linux refuses for an interface. tuning fails at ADD: cannot assign requested address. Use a unicast address (first octet even), e.g. 02:00:00:00:00:01.`,
    );
  }
}

export function parseMac(text: string): number[] | undefined {
  const separator = text[2] === ':' || text[2] === '-' ? text[2] : text[4] === '.' ? '.' : undefined;
  if (text.length < 14 || !separator) return undefined;
  const width = separator === '.' ? 4 : 2;
  const groups = text.split(separator);
  const octets = (groups.length * width) / 2;
  if (![6, 8, 20].includes(octets) || !groups.every((g) => new RegExp(`^[0-9a-fA-F]{${width}}$`).test(g)))
    return undefined;
  return groups.flatMap((g) => (width === 2 ? [g] : [g.slice(0, 2), g.slice(2)])).map((h) => parseInt(h, 16));
}
