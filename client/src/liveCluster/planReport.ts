// What the deploy and apply commands show, as plain text: the target, the nodes, the plan, the
// rollout per node (what a failed apply left behind: kube's partialApplyLines). No vscode import: test/client tests it.
import type {
  AppliedItem,
  ClusterTarget,
  NodeProgress,
  NodeReadiness,
  PlanItem,
  RolloutProgress,
  RolloutResult,
} from '../../../kube';
import { planLines } from '../../../kube';

export type TargetSummary = Pick<ClusterTarget, 'context' | 'cluster' | 'server' | 'namespace' | 'user' | 'authKind'> &
  Partial<Pick<ClusterTarget, 'tlsVerify'>>;

/** The lines every confirmation starts with: which context, which cluster URL, which namespace. */
export function targetLines(target: TargetSummary, namespace = target.namespace): string[] {
  const lines = [
    `Context:     ${target.context} (cluster ${target.cluster}, user ${target.user}, ${target.authKind})`,
    `Cluster URL: ${target.server}`,
    `Namespace:   ${namespace}`,
  ];
  if (target.tlsVerify === false)
    lines.push('Warning:     TLS verification is OFF for this cluster (insecure-skip-tls-verify in the kubeconfig)');
  return lines;
}

/** The nodes as `kubectl get nodes` shows their STATUS; the reason when the user may not list them. */
export function nodesLine(nodes: NodeReadiness[] | Error): string {
  if (!Array.isArray(nodes)) return `Nodes:       (cannot list nodes: ${nodes.message})`;
  if (nodes.length === 0) return 'Nodes:       none registered';
  return `Nodes:       ${nodes.map((n) => `${n.name} ${n.status}`).join(', ')}`;
}

/** "field .spec… is owned by field manager "kubectl" (DaemonSet kube-system/kube-multus-ds)", one per conflict. */
export function conflictLines(items: readonly PlanItem[]): string[] {
  return items.flatMap((item) =>
    item.action === 'conflict'
      ? item.conflicts.map((c) => `field ${c.field} is owned by field manager "${c.manager}" (${item.description})`)
      : [],
  );
}

/** The managers whose fields a plan would have to take over, for the one-line question. */
export function conflictManagers(items: readonly PlanItem[]): string[] {
  return [...new Set(items.flatMap((i) => (i.action === 'conflict' ? i.conflicts.map((c) => c.manager) : [])))];
}

export function hasConflicts(items: readonly PlanItem[]): boolean {
  return items.some((i) => i.action === 'conflict');
}

export function nothingToChange(items: readonly PlanItem[]): boolean {
  return items.every((i) => i.action === 'unchanged');
}

/**
 * The detail of a modal confirmation: target, nodes, then the plan, cut to `maxPlanLines` (a modal
 * cannot scroll; the output channel has the whole plan).
 */
export function confirmationDetail(
  targetText: readonly string[],
  items: readonly PlanItem[],
  fieldManager: string,
  maxPlanLines = 30,
): string {
  const plan = planLines([...items], fieldManager);
  const shown =
    plan.length <= maxPlanLines
      ? plan
      : [
          ...plan.slice(0, maxPlanLines - 2),
          `  … ${plan.length - maxPlanLines + 1} more lines in the "Multus: Cluster" output`,
          plan[plan.length - 1],
        ];
  return [...targetText, '', ...shown].join('\n');
}

function nodeState(n: NodeProgress): string {
  if (n.ready && n.updated) return 'Ready';
  if (n.ready) return 'Ready (old template)';
  return n.waiting ?? 'not ready';
}

/** One progress message per DaemonSet change: "kube-system/kube-multus-ds: 1 of 2 ready — node1 Ready, node2 ContainerCreating". */
export function rolloutMessage(progress: RolloutProgress): string {
  const { status } = progress;
  const count = `${status.available} of ${status.desired} node(s) ready`;
  const nodes = progress.nodes.map((n) => `${n.node} ${nodeState(n)}`).join(', ');
  return `${progress.daemonSet}: ${count}${nodes ? ` — ${nodes}` : ''}`;
}

/** The per-node lines of the output channel, one for each node of a progress report. */
export function rolloutNodeLines(progress: RolloutProgress): string[] {
  return progress.nodes.map((n) => `  ${n.node}: pod ${n.pod} ${nodeState(n)}${n.image ? `, image ${n.image}` : ''}`);
}

export interface RolloutReport {
  ok: boolean;
  lines: string[];
}

/** The end of one DaemonSet's rollout: complete on which nodes, or why not and what to do. */
export function rolloutReport(r: RolloutResult): RolloutReport {
  if (r.outcome === 'complete') {
    const nodes = r.nodes.map((n) => n.node).join(', ');
    return {
      ok: true,
      lines: [
        `Rollout complete: DaemonSet ${r.daemonSet} on ${r.status.available} of ${r.status.desired} node(s)${nodes ? ` (${nodes})` : ''}`,
      ],
    };
  }
  if (r.outcome === 'no-nodes') {
    return {
      ok: false,
      lines: [
        `DaemonSet ${r.daemonSet} has no node to run on (desired 0)`,
        'next: register nodes, or check their taints and the DaemonSet tolerations (kubectl get nodes)',
      ],
    };
  }
  const namespace = r.daemonSet.split('/')[0];
  return {
    ok: false,
    lines: [
      `DaemonSet ${r.daemonSet} did not finish rolling out in time: ${r.status.message}`,
      ...r.nodes.filter((n) => !n.ready || !n.updated).map((n) => `  ${n.node}: pod ${n.pod} ${nodeState(n)}`),
      `next: kubectl -n ${namespace} describe pod <pod> for the pods above (image pulls, crash loops), then deploy again`,
    ],
  };
}

/** "created NetworkAttachmentDefinition default/macvlan-conf, configured …". */
export function appliedSummary(applied: readonly AppliedItem[]): string {
  return applied.map((a) => `${a.action} ${a.description}`).join(', ');
}
