import ipaddr from 'ipaddr.js';

/** An IP address as a number, so ranges are arithmetic and never enumerated. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** A CIDR as written: the address keeps its host bits; `network` has them cleared. */
export interface IpPrefix {
  readonly address: IpAddress;
  readonly prefixLength: number;
}

export function bitLength(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** Parses an address the way Go's net.ParseIP does: strict dotted quad, or IPv6 text. */
export function parseIp(text: string): IpAddress | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text) && !/(^|\.)0\d/.test(text)) {
    return fromBytes(4, ipaddr.IPv4.parse(text).toByteArray());
  }
  if (text.includes(':') && ipaddr.IPv6.isValid(text) && !text.includes('%')) {
    const v6 = ipaddr.IPv6.parse(text);
    // Go treats ::ffff:a.b.c.d as the IPv4 address a.b.c.d.
    if (v6.isIPv4MappedAddress()) return fromBytes(4, v6.toIPv4Address().toByteArray());
    return fromBytes(6, v6.toByteArray());
  }
  return undefined;
}

/** Parses `address/prefix` like Go's net.ParseCIDR; undefined when either part is invalid. */
export function parseCidr(text: string): IpPrefix | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(lengthText)) return undefined;
  const prefixLength = Number(lengthText);
  if (prefixLength > bitLength(address.family)) return undefined;
  return { address, prefixLength };
}

function fromBytes(family: 4 | 6, bytes: number[]): IpAddress {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return { family, value };
}

function toBytes(address: IpAddress): number[] {
  const count = address.family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((address.value >> BigInt(i * 8)) & 0xffn));
  return bytes;
}

/**
 * Formats like Go's net.IP.String(): dotted quad, or RFC 5952 IPv6 (lowercase hex, the
 * longest run of two or more zero groups compressed, the first one on a tie).
 */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) return toBytes(address).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((address.value >> BigInt((7 - i) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatPrefix(prefix: IpPrefix): string {
  return `${formatIp(prefix.address)}/${prefix.prefixLength}`;
}

function hostMask(family: 4 | 6, prefixLength: number): bigint {
  return (1n << BigInt(bitLength(family) - prefixLength)) - 1n;
}

export function networkOf(prefix: IpPrefix): IpAddress {
  const { family, value } = prefix.address;
  return { family, value: value & ~hostMask(family, prefix.prefixLength) };
}

export function lastAddressOf(prefix: IpPrefix): IpAddress {
  const { family } = prefix.address;
  return { family, value: networkOf(prefix).value | hostMask(family, prefix.prefixLength) };
}

/** How many addresses the prefix spans (2^(bits - length)), as a bigint. */
export function prefixSize(prefix: IpPrefix): bigint {
  return 1n << BigInt(bitLength(prefix.address.family) - prefix.prefixLength);
}

export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
  if (address.family !== prefix.address.family) return false;
  const network = networkOf(prefix).value;
  return address.value >= network && address.value <= lastAddressOf(prefix).value;
}

export function offsetIp(address: IpAddress, delta: bigint): IpAddress {
  return { family: address.family, value: address.value + delta };
}

export function sameIp(a: IpAddress | undefined, b: IpAddress | undefined): boolean {
  return !!a && !!b && a.family === b.family && a.value === b.value;
}

export function compareIp(a: IpAddress, b: IpAddress): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
