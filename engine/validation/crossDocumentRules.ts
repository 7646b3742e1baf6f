import type { EngineDiagnostic } from '../diagnostics';
import { describeRange, rangesOverlap, type HostLocalRange } from '../ipam/hostLocalConfig';
import type { TextRange } from '../manifest/yamlDocuments';
import { formatIp, parseIp, sameIp } from '../address/ipAddress';
import type { NetworkSelection } from '../multus/networkSelection';
import type { Attachment, PodNetworks } from './annotationRules';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnosticCodes';
import type { ConfigFacts } from './nadConfigRules';
import { closestName } from './similarNames';
import { plainList } from '../text/plainList';

/** What the cross-document rules need from one NAD: where it is, and what checking its config learned. */
export interface NadFacts extends ConfigFacts {
  readonly file: string;
  readonly namespace: string;
  readonly name: string;
  readonly nameRange: TextRange;
}

/**
 * Rules over every given file (the CLI) or the workspace (the server): references, interface
 * names, NADs that collide by name, CNI name or address range, and host-local used by pods that
 * can land on several nodes.
 */
export function checkAcrossDocuments(nads: readonly NadFacts[], pods: readonly PodNetworks[]): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const report = (
    code: DiagnosticCode,
    file: string,
    range: TextRange,
    message: string,
    data?: Record<string, unknown>,
  ) => out.push({ file, range, severity: DIAGNOSTIC_CODES[code].severity, code, message, ...(data ? { data } : {}) });
  checkNadCollisions(nads, report);
  const index = new Map(nads.map((nad) => [key(nad.namespace, nad.name), nad]));
  for (const pod of pods) checkPodReferences(pod, nads, index, report);
  checkHostLocalNodes(nads, pods, report);
  return out;
}

type Report = (
  code: DiagnosticCode,
  file: string,
  range: TextRange,
  message: string,
  data?: Record<string, unknown>,
) => void;

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function checkNadCollisions(nads: readonly NadFacts[], report: Report): void {
  const byKey = new Map<string, NadFacts>();
  const byCniName = new Map<string, NadFacts>();
  for (const nad of nads) {
    const earlier = byKey.get(key(nad.namespace, nad.name));
    if (earlier) {
      report(
        'nad-duplicate',
        nad.file,
        nad.nameRange,
        `NetworkAttachmentDefinition ${key(nad.namespace, nad.name)} is defined twice. The other one is in ${earlier.file}: applying both keeps only the one applied last. Rename one of them.`,
      );
    } else byKey.set(key(nad.namespace, nad.name), nad);
    if (nad.cniName && nad.canonicalConfig) {
      const same = byCniName.get(nad.cniName);
      if (same && same.canonicalConfig !== nad.canonicalConfig && !earlier) {
        report(
          'nad-cni-name-shared',
          nad.file,
          nad.nameRange,
          `Another NAD with a different config uses the CNI network name "${nad.cniName}" too. ${key(same.namespace, same.name)} and ${key(nad.namespace, nad.name)} share it: plugins key their state by this name (host-local's pool in /var/lib/cni/networks/${nad.cniName}, libcni's result cache), so the two networks share and overwrite it. Give each config its own "name".`,
        );
      } else if (!same) byCniName.set(nad.cniName, nad);
    }
  }
  // Only NADs on the same master can collide on a link: compare within each master's group.
  const byMaster = new Map<string, NadFacts[]>();
  for (const nad of nads) {
    if (!nad.master) continue;
    const group = byMaster.get(nad.master);
    if (group) group.push(nad);
    else byMaster.set(nad.master, [nad]);
  }
  for (const group of byMaster.values()) {
    for (const [i, j] of overlappingPairs(group)) checkRangeOverlap(group[i], group[j], report);
  }
}

/**
 * The pairs [i, j] (i < j, in that order) of NADs with some overlapping address ranges, by a
 * sweep over the ranges sorted by start: a file of 23,000 NADs on one master is not compared
 * pair by pair (the CLI checks every document, issue 20).
 */
function overlappingPairs(group: readonly NadFacts[]): [number, number][] {
  const ranges = group.flatMap((nad, index) => nad.addressRanges.map((range) => ({ index, range })));
  ranges.sort((a, b) =>
    a.range.subnet.address.family !== b.range.subnet.address.family
      ? a.range.subnet.address.family - b.range.subnet.address.family
      : a.range.rangeStart.value < b.range.rangeStart.value
        ? -1
        : a.range.rangeStart.value > b.range.rangeStart.value
          ? 1
          : 0,
  );
  const pairs = new Map<string, [number, number]>();
  let open: typeof ranges = [];
  for (const current of ranges) {
    open = open.filter((earlier) => rangesOverlap(earlier.range, current.range));
    for (const earlier of open) {
      if (earlier.index === current.index) continue;
      const pair: [number, number] = [Math.min(earlier.index, current.index), Math.max(earlier.index, current.index)];
      pairs.set(pair.join(), pair);
    }
    open.push(current);
  }
  return [...pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Two networks on one master that hand out the same addresses give two pods one IP. */
function checkRangeOverlap(a: NadFacts, b: NadFacts, report: Report): void {
  if (!a.master || a.master !== b.master || a.cniName === b.cniName) return;
  for (const x of a.addressRanges) {
    const y = b.addressRanges.find((range) => rangesOverlap(x, range));
    if (y) {
      report(
        'nad-ranges-overlap',
        b.file,
        b.nameRange,
        `Addresses overlap with ${key(a.namespace, a.name)} on the same master "${a.master}". ${key(b.namespace, b.name)} (${describeRange(y)}) and ${key(a.namespace, a.name)} (${describeRange(x)}) hand them out from separate pools (CNI names "${b.cniName}" and "${a.cniName}"): two pods on one node can get the same IP on the same link. Use disjoint ranges.`,
      );
      return;
    }
  }
}

function checkPodReferences(
  pod: PodNetworks,
  nads: readonly NadFacts[],
  index: ReadonlyMap<string, NadFacts>,
  report: Report,
): void {
  const names = new Map<string, string>([['eth0', 'the cluster default network']]);
  for (const attachment of pod.attachments) {
    const target = key(attachment.namespace, attachment.name);
    const nad = index.get(target);
    if (nad) checkRequests(pod, attachment, nad, report);
    else {
      const elsewhere = nads.find((nad) => nad.name === attachment.name);
      if (elsewhere) {
        report(
          'reference-other-namespace',
          pod.file,
          attachment.range,
          `"${attachment.name}" is in namespace "${elsewhere.namespace}", not in the pod's "${attachment.namespace}". No NetworkAttachmentDefinition ${target} exists (the one found is in ${elsewhere.file}), and Multus looks in the pod's namespace unless the reference names one: write "${elsewhere.namespace}/${attachment.name}".`,
          { replacement: `${elsewhere.namespace}/${attachment.name}` },
        );
      } else {
        const suggestion = closestName(
          attachment.name,
          nads.filter((nad) => nad.namespace === attachment.namespace).map((nad) => nad.name),
        );
        report(
          'reference-not-found',
          pod.file,
          attachment.range,
          `No NetworkAttachmentDefinition ${target} among the checked files. Multus fails the pod with "cannot find a network-attachment-definition (${attachment.name}) in namespace (${attachment.namespace})" unless it exists in the cluster.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          suggestion ? { replacement: suggestion } : undefined,
        );
      }
    }
    const holder = names.get(attachment.ifname);
    if (holder) {
      report(
        'reference-duplicate-interface',
        pod.file,
        attachment.range,
        `Interface name "${attachment.ifname}" is already used by ${holder}. Multus fails the pod with: DelegateAdd: cannot set interface name to "${attachment.ifname}": validateIfName: interface name ${attachment.ifname} already exists. Give each attachment its own "interface".`,
        { ifname: attachment.ifname },
      );
    } else names.set(attachment.ifname, target);
  }
}

/** Selection keys that reach plugins only as capabilities (libcni injectRuntimeConfig), by capability name. */
const CAPABILITY_KEYS: readonly (readonly [keyof NetworkSelection, string, string])[] = [
  ['portMappings', 'portMappings', 'portMappings'],
  ['bandwidth', 'bandwidth', 'bandwidth'],
  ['infinibandGuid', 'infinibandGUID', 'infiniband-guid'],
];

/**
 * What a selection element asks of the NAD it names: capabilities some plugin must declare
 * (Multus never checks; libcni drops the rest), and requested IPs the IPAM can hand out.
 */
function checkRequests(pod: PodNetworks, attachment: Attachment, nad: NadFacts, report: Report): void {
  const selection = attachment.selection;
  for (const [field, capability, written] of CAPABILITY_KEYS) {
    if (selection[field] === undefined || nad.capabilities.includes(capability)) continue;
    report(
      'annotation-capability-missing',
      pod.file,
      attachment.range,
      `"${written}" is dropped: no plugin of ${key(nad.namespace, nad.name)} declares that capability. It reaches a plugin only as the capability "${capability}", and libcni drops it silently unless a plugin declares "capabilities": {"${capability}": true}. Add the capability to the plugin that handles it${capability === 'portMappings' ? ' (portmap)' : capability === 'bandwidth' ? ' (bandwidth)' : ''}.`,
      { capability },
    );
  }
  const ips = selection.ips ?? [];
  if (ips.length === 0) {
    if (nad.staticWithoutAddresses) {
      // PLG plugins/ipam/static/main.go cmdAdd: no address from the config, CNI_ARGS or runtimeConfig.
      report(
        'reference-static-no-ips',
        pod.file,
        attachment.range,
        `This attachment brings no "ips", and ${key(nad.namespace, nad.name)} needs them. It uses static IPAM without "addresses": ADD fails with "IPAM plugin returned missing IP config". Use the JSON form with "ips": ["10.1.1.11/24"].`,
      );
    }
    return;
  }
  if (nad.ovn) checkOvnRequests(pod, attachment, nad, report);
  else if (nad.ipamType === 'static') checkStaticRequests(pod, attachment, ips, report);
  else if (nad.ipamType === 'host-local') checkHostLocalRequests(pod, attachment, nad, ips, report);
}

/**
 * OVN-Kubernetes secondary networks take a pod's static IPs only on layer2 or localnet topologies
 * without `subnets` (ovn-org/ovn-kubernetes docs/features/multiple-networks/multi-homing.md,
 * "Setting static IP addresses on a pod").
 */
function checkOvnRequests(pod: PodNetworks, attachment: Attachment, nad: NadFacts, report: Report): void {
  const { topology, subnets } = nad.ovn ?? {};
  const reason =
    topology === 'layer3'
      ? "the user can specify the IP address for a pod's secondary attachment only for an L2 or localnet attachment, and this one is layer3"
      : subnets
        ? `specifying a static IP address for the pod is only possible when the attachment configuration does not feature subnets, and ${key(nad.namespace, nad.name)} has "subnets": "${subnets}"`
        : undefined;
  if (!reason) return;
  report(
    'annotation-static-ip-unsupported',
    pod.file,
    attachment.range,
    `This OVN-Kubernetes network takes no static IPs from the pod. OVN-Kubernetes: ${reason}. Remove "ips", or use a layer2/localnet network without subnets.`,
  );
}

/** PLG plugins/ipam/static/main.go: CNI_ARGS IP (which Multus always sends) must be CIDRs. */
function checkStaticRequests(pod: PodNetworks, attachment: Attachment, ips: readonly string[], report: Report): void {
  const bare = ips.find((ip) => !ip.includes('/'));
  if (!bare) return;
  report(
    'annotation-selection-ip-invalid',
    pod.file,
    attachment.range,
    `Static IPAM needs each requested IP in CIDR notation. It reads the pod's ips from CNI_ARGS IP=: the 'ip' field is expected to be in CIDR notation, got: '${bare}'. Write "${bare}/24" (with the right prefix).`,
    { replacement: `${bare}/24` },
  );
}

/** PLG plugins/ipam/host-local/main.go cmdAdd: one IP from CNI_ARGS, each inside a range, not the gateway. */
function checkHostLocalRequests(
  pod: PodNetworks,
  attachment: Attachment,
  nad: NadFacts,
  ips: readonly string[],
  report: Report,
): void {
  const at = (message: string) => report('annotation-selection-ip-invalid', pod.file, attachment.range, message);
  if (ips.length > 1 && !nad.capabilities.includes('ips')) {
    at(
      `host-local takes one requested IP per pod here. It reads the ips from CNI_ARGS, where Multus joins them: ARGS: error parsing value of pair "IP=${ips.join(',')}": invalid IP address ${ips.join(',')}. Ask for one IP, or declare "capabilities": {"ips": true} on the plugin.`,
    );
    return;
  }
  const sets = nad.rangeSets ?? [];
  for (const text of ips) {
    const address = parseIp(text.split('/')[0]);
    if (!address || sets.length === 0) continue;
    const inside = (r: HostLocalRange) =>
      r.rangeStart.family === address.family &&
      address.value >= r.rangeStart.value &&
      address.value <= r.rangeEnd.value;
    const setIndex = sets.findIndex((set) => set.some(inside));
    const range = setIndex >= 0 ? sets[setIndex].find(inside) : undefined;
    if (!range) {
      const pools = plainList(sets.flat().map(describeRange));
      at(
        `${formatIp(address)} is outside the ranges of ${key(nad.namespace, nad.name)}. host-local hands out ${pools}, and fails with: failed to allocate all requested IPs: ${formatIp(address)}.`,
      );
    } else if (sameIp(range.gateway, address)) {
      at(
        `${formatIp(address)} is the gateway, which host-local never hands out. It fails with: failed to allocate for range ${setIndex}: requested ip ${formatIp(address)} is subnet's gateway. Ask for another address.`,
      );
    }
  }
}

/** host-local keeps its pool on each node's disk: pods on two nodes get the same addresses. */
function checkHostLocalNodes(nads: readonly NadFacts[], pods: readonly PodNetworks[], report: Report): void {
  const usersOf = new Map<string, PodNetworks[]>();
  for (const pod of pods) {
    for (const target of new Set(pod.attachments.map((a) => key(a.namespace, a.name)))) {
      usersOf.set(target, [...(usersOf.get(target) ?? []), pod]);
    }
  }
  for (const nad of nads) {
    if (nad.ipamType !== 'host-local' || !nad.ipamTypeRange) continue;
    const users = usersOf.get(key(nad.namespace, nad.name)) ?? [];
    const count = users.reduce((sum, pod) => sum + pod.podCount, 0);
    const nodes = new Set(users.map((pod) => (pod.podCount === 1 ? (pod.nodeName ?? '?') : '*')));
    if (count <= 1 || (nodes.size === 1 && !nodes.has('?') && !nodes.has('*'))) continue;
    const names = users.slice(0, 3).map((pod) => `${pod.kind} ${pod.name}`);
    const who = plainList(users.length > 3 ? [...names, `${users.length - 3} more`] : names);
    const where = count === Infinity ? 'on every node' : `${count} pods on different nodes`;
    report(
      'host-local-multi-node',
      nad.file,
      nad.ipamTypeRange,
      `Pods on two nodes can get the same address from host-local. host-local keeps its state on each node's disk. ${who} can run ${where}. Use whereabouts for cluster-wide allocation, or pin the pods to one node.`,
      { replacement: 'whereabouts' },
    );
  }
}
