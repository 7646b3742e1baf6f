import { formatIp, formatPrefix, networkOf, parseCidr, parseIp, prefixContains } from '../address/ipAddress';
import type { IpAddress, IpPrefix } from '../address/ipAddress';

/** A whereabouts `range` as written: a CIDR, or `start-end/prefix` that also sets both bounds. */
export interface WhereaboutsRangeText {
  /** The CIDR as written, host bits kept (in the dashed form: the end address and prefix). */
  readonly written: IpPrefix;
  /** The range whereabouts allocates from: `written` masked to its network. */
  readonly network: IpPrefix;
  /** The dashed form's start and end; a plain CIDR leaves them to range_start/range_end. */
  readonly start?: IpAddress;
  readonly end?: IpAddress;
}

/**
 * Reads `range` as whereabouts' config loader does (WA pkg/config/config.go LoadIPAMConfig:
 * SplitN on the first "-", ParseIP of the start, ParseCIDR of the rest, start inside the
 * network), with its error messages. Nothing is trimmed: Go's parsers reject spaces too.
 */
export function parseWhereaboutsRange(text: string): WhereaboutsRangeText | { error: string } {
  const dash = text.indexOf('-');
  if (dash < 0) {
    const written = parseCidr(text);
    if (!written) return { error: `invalid CIDR ${text}: invalid CIDR address: ${text}` };
    return { written, network: masked(written) };
  }
  const startText = text.slice(0, dash);
  const cidrText = text.slice(dash + 1);
  const start = parseIp(startText);
  if (!start) return { error: `invalid range start IP: ${startText}` };
  const written = parseCidr(cidrText);
  if (!written) {
    return {
      error: `invalid CIDR (do you have the 'range' parameter set for Whereabouts?) '${cidrText}': invalid CIDR address: ${cidrText}`,
    };
  }
  const network = masked(written);
  if (!prefixContains(network, start))
    return { error: `invalid range start for CIDR ${formatPrefix(network)}: ${formatIp(start)}` };
  return { written, network, start, end: written.address };
}

function masked(prefix: IpPrefix): IpPrefix {
  return { address: networkOf(prefix), prefixLength: prefix.prefixLength };
}
