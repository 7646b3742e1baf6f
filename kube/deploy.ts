// Planning and applying a set of objects (the Multus install, or the user's NADs), then watching the install's
// DaemonSets roll out. Plans are data: the CLI prints them and asks --yes, the extension shows them and asks
// in a modal; both then call applyPlan with the same items.
import { applyObject, planApply, type AppliedItem, type PlanItem } from './apply';
import { waitForCrdEstablished } from './crd';
import { formatChange } from './diff';
import { ClusterError } from './errors';
import type { Install } from './manifests';
import type { KubeObject } from './manifests/types';
import { describeObject } from './manifests/types';
import { listNodeReadiness, type NodeReadiness } from './nodes';
import { watchRollout, type RolloutProgress, type RolloutResult } from './rollout';
import type { ClusterSession } from './session';

export interface PlanOptions {
  /** Take over fields other managers own (PATCH ?force=true). Only on the user's explicit request. */
  force?: boolean;
}

/** Objects that must exist before the others can even be checked: namespaces, then CRDs. */
function applyRank(obj: KubeObject): number {
  if (obj.kind === 'Namespace') return 0;
  if (obj.kind === 'CustomResourceDefinition') return 1;
  return 2;
}

export function inApplyOrder<T extends { object: KubeObject }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => applyRank(a.item.object) - applyRank(b.item.object) || a.index - b.index)
    .map(({ item }) => item);
}

/** Names the object a failed request was about, so the explanation can say which one. */
function about(e: unknown, obj: KubeObject): unknown {
  if (e instanceof ClusterError && !e.subject) e.subject = describeObject(obj);
  return e;
}

function definedByCrdInPlan(objects: KubeObject[], obj: KubeObject): boolean {
  return objects.some((crd) => {
    if (crd.kind !== 'CustomResourceDefinition') return false;
    const spec = crd.spec as { group?: string; names?: { kind?: string }; versions?: { name: string }[] };
    const served = (spec.versions ?? []).map((v) => `${spec.group}/${v.name}`);
    return spec.names?.kind === obj.kind && served.includes(obj.apiVersion);
  });
}

/** Server-side dry run of every object, in apply order. Throws the first error that is not a conflict. */
export async function planObjects(
  session: ClusterSession,
  objects: KubeObject[],
  options: PlanOptions = {},
): Promise<PlanItem[]> {
  const namespacesToCreate = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const items: PlanItem[] = [];
  for (const { object } of inApplyOrder(objects.map((object) => ({ object })))) {
    try {
      items.push(await planApply(session, object, { force: options.force, namespacesToCreate }));
    } catch (e) {
      if (!(e instanceof ClusterError && e.isNotServed && definedByCrdInPlan(objects, object))) throw about(e, object);
      items.push({
        object,
        description: describeObject(object),
        action: 'create',
        changes: [],
        conflicts: [],
        note: 'its CustomResourceDefinition is created first',
      });
    }
  }
  return items;
}

export interface PlanCounts {
  create: number;
  update: number;
  unchanged: number;
  conflict: number;
}

export function countPlan(items: PlanItem[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, unchanged: 0, conflict: 0 };
  for (const item of items) counts[item.action]++;
  return counts;
}

/** The plan as text: one line per object, its changed fields or conflicts indented below, then a summary. */
export function planLines(items: PlanItem[], fieldManager: string): string[] {
  const lines = [`Plan (server-side dry run, field manager "${fieldManager}"):`];
  for (const item of items) {
    lines.push(`  ${item.action.padEnd(9)} ${item.description}${item.note ? ` (${item.note})` : ''}`);
    for (const change of item.changes) lines.push(`              ${formatChange(change)}`);
    for (const c of item.conflicts) {
      const owner = `field manager "${c.manager}"`;
      const text =
        item.action === 'conflict'
          ? `field ${c.field} is owned by ${owner}`
          : `takes over field ${c.field} from ${owner}`;
      lines.push(`              ${text}`);
    }
  }
  const n = countPlan(items);
  lines.push(
    `Summary:   ${n.create} to create, ${n.update} to change, ${n.unchanged} unchanged, ${n.conflict} in conflict`,
  );
  return lines;
}

export interface ApplyEvents {
  onApplied?: (item: AppliedItem) => void;
  /** Progress text such as "waiting for CustomResourceDefinition … to be Established". */
  onStep?: (message: string) => void;
}

/**
 * What happened to each planned object. When `failed` is set, the objects in `applied` are on the cluster,
 * `failed` may or may not be (the request may have reached the server), and `notAttempted` were not sent.
 */
export interface ApplyOutcome {
  applied: AppliedItem[];
  skippedUnchanged: PlanItem[];
  failed?: { item: PlanItem; error: ClusterError };
  notAttempted: PlanItem[];
}

export async function applyPlan(
  session: ClusterSession,
  items: PlanItem[],
  options: PlanOptions & ApplyEvents & { crdTimeoutMs?: number } = {},
): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { applied: [], skippedUnchanged: [], notAttempted: [] };
  const ordered = inApplyOrder(items);
  for (const [index, item] of ordered.entries()) {
    if (item.action === 'unchanged') {
      outcome.skippedUnchanged.push(item);
      continue;
    }
    try {
      const applied = await applyObject(session, item.object, {
        force: options.force,
        liveResourceVersion: item.liveResourceVersion,
      });
      outcome.applied.push(applied);
      options.onApplied?.(applied);
      if (item.object.kind === 'CustomResourceDefinition') {
        options.onStep?.(`waiting for ${item.description} to be Established`);
        await waitForCrdEstablished(session, item.object.metadata.name, options.crdTimeoutMs);
      }
    } catch (e) {
      const error = e instanceof ClusterError ? e : new ClusterError({ kind: 'network', message: String(e) });
      error.subject ??= item.description;
      outcome.failed = { item, error };
      outcome.notAttempted = ordered.slice(index + 1).filter((i) => i.action !== 'unchanged');
      return outcome;
    }
  }
  return outcome;
}

export interface DeployPlan {
  install: Install;
  items: PlanItem[];
  /** The nodes as `kubectl get nodes` shows them; an error when the user may not list nodes. */
  nodes: NodeReadiness[] | ClusterError;
  /** Nothing to create or change. */
  upToDate: boolean;
}

/** The nodes' readiness, or the 403 when the user may not list nodes (the deploy can go on without it). */
export async function nodeReadinessOrForbidden(session: ClusterSession): Promise<NodeReadiness[] | ClusterError> {
  return listNodeReadiness(session).catch((e: unknown) => {
    if (e instanceof ClusterError && e.kind === 'http' && e.status === 403) return e;
    if (e instanceof ClusterError) e.subject ??= 'the node list';
    throw e;
  });
}

export async function planDeploy(
  session: ClusterSession,
  install: Install,
  options: PlanOptions & { nodes?: NodeReadiness[] | ClusterError } = {},
): Promise<DeployPlan> {
  const nodes = options.nodes ?? (await nodeReadinessOrForbidden(session));
  const items = await planObjects(session, install.objects, options);
  return { install, items, nodes, upToDate: items.every((i) => i.action === 'unchanged') };
}

export interface DeployEvents extends ApplyEvents {
  onRollout?: (progress: RolloutProgress) => void;
}

export interface DeployResult {
  outcome: ApplyOutcome;
  /** One per DaemonSet of the install, watched after a successful apply (also when nothing changed). */
  rollouts: RolloutResult[];
}

/** Applies the plan (CRD first, waited to Established) and watches each DaemonSet of the install. */
export async function executeDeploy(
  session: ClusterSession,
  plan: DeployPlan,
  options: PlanOptions & DeployEvents & { rolloutTimeoutMs?: number; crdTimeoutMs?: number } = {},
): Promise<DeployResult> {
  const outcome = await applyPlan(session, plan.items, options);
  const rollouts: RolloutResult[] = [];
  if (outcome.failed) return { outcome, rollouts };
  for (const ds of plan.install.daemonSets) {
    options.onStep?.(`watching the rollout of DaemonSet ${ds.namespace}/${ds.name}`);
    rollouts.push(
      await watchRollout(session, ds.namespace, ds.name, {
        timeoutMs: options.rolloutTimeoutMs,
        onProgress: options.onRollout,
      }),
    );
  }
  return { outcome, rollouts };
}

const names = (list: readonly { description: string }[]) => list.map((i) => i.description).join(', ') || 'none';

/**
 * After an apply that stopped (failed or cancelled): exactly what is on the cluster and what is not,
 * for the CLI and the extension alike. A network failure or timeout leaves the failed object
 * unknown: the request may have arrived. `rerun` says how to finish (e.g. "run `multus-nad apply`").
 */
export function partialApplyLines(outcome: ApplyOutcome & { cancelled?: boolean }, rerun: string): string[] {
  const failed = outcome.failed;
  const lines = [`${failed ? 'Applied before the failure' : 'Applied'}: ${names(outcome.applied)}`];
  const unknown = failed !== undefined && (failed.error.kind === 'network' || failed.error.kind === 'timeout');
  if (failed) {
    lines.push(
      unknown
        ? `Unknown: ${failed.item.description} (the request may have reached the server before the connection failed)`
        : `Not applied: ${failed.item.description} (the server refused it)`,
    );
  }
  lines.push(`Not attempted: ${names(outcome.notAttempted)}`);
  lines.push(
    outcome.applied.length > 0 || unknown
      ? `The cluster now holds part of the change; ${rerun} again to finish it (applying is idempotent).`
      : 'Nothing was changed on the cluster.',
  );
  return lines;
}
