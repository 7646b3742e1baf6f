import { formatIp, formatPrefix, lastAddressOf, type IpPrefix } from '../address/ipAddress';
import { IPV6_MIN_MTU } from '../netns/podNetns';
import type { PodInterface } from '../preview/podPreviewModel';

const VALID_FOREVER = '       valid_lft forever preferred_lft forever';

/**
 * The pod's `ip address` as iproute2 prints it: lo, then each interface with its link line,
 * IPv4 (with `brd` for prefixes shorter than /31, as the netlink library adds it), IPv6, and
 * the EUI-64 link-local address the kernel derives from the MAC. An address handed out by
 * DHCP at runtime is said to be so.
 */
export function formatIpAddress(interfaces: readonly PodInterface[]): string {
  const lines = [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
    '    inet 127.0.0.1/8 scope host lo',
    VALID_FOREVER,
    '    inet6 ::1/128 scope host',
    VALID_FOREVER,
  ];
  for (const iface of interfaces) lines.push(...formatInterface(iface));
  return lines.join('\n');
}

function formatInterface(iface: PodInterface): string[] {
  const peer = iface.peerIndex !== undefined ? `@if${iface.peerIndex}` : '';
  const flags = iface.flags ?? 'BROADCAST,MULTICAST,UP,LOWER_UP';
  const qlen = iface.kind === 'tap' ? ` qlen ${iface.txQLen ?? 1000}` : iface.txQLen ? ` qlen ${iface.txQLen}` : '';
  const lines = [
    `${iface.index}: ${iface.name}${peer}: <${flags}> mtu ${iface.mtu} qdisc noqueue state ${iface.state} group default${qlen}`,
    `    link/ether ${iface.mac} brd ff:ff:ff:ff:ff:ff${iface.peerIndex !== undefined ? ' link-netnsid 0' : ''}`,
  ];
  if (iface.dhcp) lines.push('    inet <assigned by DHCP at runtime>');
  for (const address of iface.addresses.filter((a) => a.address.family === 4)) {
    const brd = address.prefixLength < 31 ? ` brd ${formatIp(lastAddressOf(address))}` : '';
    lines.push(`    inet ${formatPrefix(address)}${brd} scope global ${iface.name}`, VALID_FOREVER);
  }
  for (const address of iface.addresses.filter((a) => a.address.family === 6)) {
    lines.push(`    inet6 ${formatPrefix(address)} scope global`, VALID_FOREVER);
  }
  const linkLocal = iface.mtu >= IPV6_MIN_MTU ? linkLocalFromMac(iface.mac) : undefined;
  if (linkLocal) lines.push(`    inet6 ${formatPrefix(linkLocal)} scope link`, VALID_FOREVER);
  return lines;
}

/**
 * fe80::/64 with the modified EUI-64 interface identifier of a MAC (RFC 4291 appendix A), or
 * undefined for text that is not a 6-octet MAC (hardening: `"mac": " "` in a config crashed
 * the renderer; the plugin models pass configured MACs through).
 */
export function linkLocalFromMac(mac: string): IpPrefix | undefined {
  if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac)) return undefined;
  const bytes = mac.split(':').map((b) => parseInt(b, 16));
  const eui = [bytes[0] ^ 0x02, bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]];
  let value = 0xfe80n << 112n;
  for (const [i, byte] of eui.entries()) value |= BigInt(byte) << BigInt((7 - i) * 8);
  return { address: { family: 6, value }, prefixLength: 64 };
}
