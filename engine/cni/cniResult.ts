import type { IpAddress, IpPrefix } from '../address/ipAddress';

/** The CNI 1.x result shape (SPEC.md "ADD Success"), with addresses as numbers. */
export interface CniResult {
  interfaces: CniInterface[];
  ips: CniIpConfig[];
  routes: CniRoute[];
  dns: CniDns;
}

export interface CniInterface {
  name: string;
  mac: string;
  mtu?: number;
  /** Set for interfaces inside the pod; host-side ones (bridge, veth peer) have none. */
  sandbox?: string;
}

export interface CniIpConfig {
  /** The address with its subnet's prefix length, e.g. 192.168.1.200/24. */
  address: IpPrefix;
  gateway?: IpAddress;
  interface?: number;
}

export interface CniRoute {
  dst: IpPrefix;
  gw?: IpAddress;
  /** CNI 1.1 route fields: metric, routing table and scope (253 = link). */
  priority?: number;
  table?: number;
  scope?: number;
}

export interface CniDns {
  nameservers?: string[];
  domain?: string;
  search?: string[];
  options?: string[];
}

export function emptyResult(): CniResult {
  return { interfaces: [], ips: [], routes: [], dns: {} };
}

/** A config's `dns` object as CNI types.DNS decodes it: only string fields and string lists. */
export function readDns(value: unknown): CniDns {
  const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]).map(String) : undefined);
  const dns: CniDns = {};
  if (list('nameservers')) dns.nameservers = list('nameservers');
  if (typeof raw.domain === 'string') dns.domain = raw.domain;
  if (list('search')) dns.search = list('search');
  if (list('options')) dns.options = list('options');
  return dns;
}
