import type { ClusterModel, ClusterNode } from '../clusterModel/clusterModel';
import { CLUSTER_MODEL_FILE } from '../clusterModel/clusterFile';
import { HOSTNAME_LABEL, schedulable } from '../clusterModel/scheduling';
import type { EngineDiagnostic } from '../diagnostics';
import { NETWORKS_ANNOTATION, type NadObject, type PodObject } from '../manifest/kubernetesObjects';
import { nodeAtPath, type TextRange } from '../manifest/yamlDocuments';
import { buildDelegates } from '../multus/delegates';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../validation/diagnosticCodes';
import type { PodPreview } from './podPreviewModel';

/** Plugins that move a pod interface onto a host `master` (PLG plugins/main/{macvlan,ipvlan,vlan}: `netlink.LinkByName(master)`). */
const MASTER_PLUGINS = new Set(['macvlan', 'ipvlan', 'vlan']);

/**
 * What the preview learned about each pod, as diagnostics on the pod's document (issue 18, one story
 * across preview, check and editor): a refusal (Multus at ADD, or the scheduler), a node the model
 * does not list (worded as the model's limit, naming `modelFile`, where to add it), an address
 * equal to its gateway, and a `master` absent on other nodes the pod may land on (issue 14; upstream
 * multus-cni #424, #720). Refusals while loading the delegates (annotation, missing NAD) are left to
 * the annotation and reference rules, which say them at the exact place.
 */
export function previewDiagnostics(
  previews: readonly PodPreview[],
  nads: readonly NadObject[],
  cluster: ClusterModel,
  modelFile?: string,
): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const seen = new Set<string>();
  for (const preview of previews) {
    const pod = preview.pod;
    // Only pods that ask Multus for networks: the editor indexes these, and a plain (or hostNetwork) pod is not ours to judge.
    if (!Object.hasOwn(pod.annotations, NETWORKS_ANNOTATION)) continue;
    const report = (code: DiagnosticCode, path: readonly string[], message: string) => {
      const range = rangeOf(pod, path);
      const key = `${pod.source.file}:${range[0]}:${code}`;
      // Replicas of one workload share its document: one diagnostic, not one per replica.
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ file: pod.source.file, range, severity: DIAGNOSTIC_CODES[code].severity, code, message });
    };
    const annotation = [...pod.annotationsPath, NETWORKS_ANNOTATION];
    if (preview.refusedBy === 'model') {
      const path = pod.nodeName ? specPath(pod, 'nodeName') : [...specPath(pod, 'nodeSelector'), HOSTNAME_LABEL];
      report('pod-node-not-in-model', path, nodeNotInModel(pod, cluster, modelFile));
    } else if (preview.refusedBy === 'scheduler')
      report('pod-unschedulable', annotation, unschedulable(preview.error ?? ''));
    else if (preview.refusedBy === 'multus' && !loadingError(preview.error ?? ''))
      report('pod-refused', annotation, refused(preview));
    for (const handed of preview.gatewayAddresses ?? [])
      report(
        'pod-gateway-address',
        annotation,
        `${handed.ifname} gets ${handed.address}, the gateway of ${handed.network}. The IPAM hands out the gateway address like any other (whereabouts allocates lowest-first); the pod then answers for the router. Exclude the gateway from the range.`,
      );
    for (const [master, nodes] of missingMasters(preview, nads, cluster))
      report(
        'pod-master-missing-on-node',
        annotation,
        `Master "${master}" is missing on ${nodeList(nodes)}, where this pod may run. Pods placed there fail with: failed to lookup master "${master}": Link not found (macvlan, ipvlan, vlan). Add the interface to those nodes (and to the cluster model), or keep the pod off them with a nodeSelector.`,
      );
  }
  return out;
}

function nodeNotInModel(pod: PodObject, cluster: ClusterModel, modelFile: string | undefined): string {
  const where = modelFile ?? `a ${CLUSTER_MODEL_FILE} beside the manifests (the embedded lab cluster is in use)`;
  const known = cluster.nodes.map((node) => node.name).join(', ');
  const node = pod.nodeName ?? pod.nodeSelector[HOSTNAME_LABEL];
  return `Node ${node} is not in the cluster model. Add it to ${where}. The preview places pods only on the model's nodes (${known}); this is the model's limit, not Multus's.`;
}

function unschedulable(error: string): string {
  return `No node of the cluster model can run this pod. The scheduler would leave it Pending: ${error}`;
}

function refused(preview: PodPreview): string {
  return `Multus would refuse this pod on ${preview.node ?? 'its node'}. At pod creation it fails with: ${preview.error ?? ''}`;
}

/** Multus' errors before any plugin runs (MUL pkg/multus/multus.go "error loading k8s delegates"): other rules report them. */
function loadingError(error: string): boolean {
  return error.includes('error loading k8s delegates') || error.includes('GetDefaultNetworks');
}

/**
 * Each macvlan/ipvlan/vlan `master` the pod's NADs name, with the nodes the pod may run on that lack it:
 * its `nodeName`, else every node whose labels and taints admit it. Nodes whose interfaces the model only
 * assumed are left out, and so is the node where the preview already refused the pod.
 */
function missingMasters(preview: PodPreview, nads: readonly NadObject[], cluster: ClusterModel): Map<string, string[]> {
  const pod = preview.pod;
  const candidates = pod.nodeName
    ? cluster.nodes.filter((node) => node.name === pod.nodeName)
    : cluster.nodes.filter((node) => schedulable(node, pod));
  const missing = new Map<string, string[]>();
  const first = candidates[0];
  if (!first) return missing;
  const delegates = buildDelegates(pod, nads, cluster, first);
  if ('error' in delegates) return missing;
  const masters = new Set<string>();
  for (const delegate of delegates) {
    if (!delegate.nad) continue;
    for (const plugin of delegate.config.plugins) {
      const master = plugin.raw.master;
      if (MASTER_PLUGINS.has(String(plugin.raw.type)) && typeof master === 'string' && master) masters.add(master);
    }
  }
  const refusedOn = preview.refusedBy === 'multus' ? preview.node : undefined;
  for (const master of masters) {
    const lacking = candidates.filter((node) => node.name !== refusedOn && !hasInterface(node, master));
    if (lacking.length)
      missing.set(
        master,
        lacking.map((node) => node.name),
      );
  }
  return missing;
}

function hasInterface(node: ClusterNode, name: string): boolean {
  return node.interfacesAssumed === true || node.interfaces.some((iface) => iface.name === name);
}

function nodeList(nodes: readonly string[]): string {
  const quoted = nodes.map((node) => `node ${node}`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The pod spec's `key` (a Pod's `spec`, a workload template's `spec.template.spec`). */
function specPath(pod: PodObject, key: string): string[] {
  return [...pod.annotationsPath.slice(0, -2), 'spec', key];
}

/** The file range of the value at `path` in the pod's document, else of its first line. */
function rangeOf(pod: PodObject, path: readonly string[]): TextRange {
  const { document, lenient } = pod.source;
  const toFile = (offset: number) => (lenient ? lenient.toOriginal(offset) : offset);
  const node = nodeAtPath(document.tree, path);
  const [start, end] = node?.range ?? [document.range[0], document.range[0] + 1];
  return [toFile(start), Math.max(toFile(end), toFile(start) + 1)];
}

/** Preview findings that restate a refusal: the preview meets the mistake an error of the other rules already marks. */
const RESTATING_CODES = new Set(['pod-refused', 'pod-unschedulable']);

/**
 * The preview's findings without those that restate an error the other rules report on the same text (an
 * interface name Linux refuses, static IPAM without ips): one mistake, one error, at the exact place.
 */
export function notYetSaid(
  findings: readonly EngineDiagnostic[],
  others: readonly EngineDiagnostic[],
): EngineDiagnostic[] {
  const errors = others.filter((d) => d.severity === 'error');
  return findings.filter(
    (finding) =>
      !RESTATING_CODES.has(finding.code) ||
      !errors.some(
        (error) =>
          error.file === finding.file && error.range[0] < finding.range[1] && finding.range[0] < error.range[1],
      ),
  );
}
