// Server-side apply of one object with our field manager: a dry run that tells what would change, and the
// real apply. Conflicts with other managers are returned as data (field + manager), never forced unless the
// caller asks (PATCH ?force=true).
import { diffObjects, type FieldChange } from './diff';
import { ClusterError } from './errors';
import { describeObject, type KubeObject } from './manifests/types';
import type { ClusterSession } from './session';

export const APPLY_PATCH = 'application/apply-patch+yaml';

export interface Conflict {
  /** The server's field path, e.g. .spec.template.spec.containers[name="kube-multus"].image */
  field: string;
  /** The field manager that owns it, e.g. kubectl-client-side-apply */
  manager: string;
}

export type PlannedAction = 'create' | 'update' | 'unchanged' | 'conflict';

export interface PlanItem {
  object: KubeObject;
  /** "DaemonSet kube-system/kube-multus-ds" */
  description: string;
  action: PlannedAction;
  changes: FieldChange[];
  /** Fields other managers own: blocking when action is "conflict", taken over (forced) otherwise. */
  conflicts: Conflict[];
  /** The live object's resourceVersion when it exists. */
  liveResourceVersion?: string;
  /** Why the server's dry run could not be used, when it could not (the namespace does not exist yet). */
  note?: string;
}

export type AppliedAction = 'created' | 'configured' | 'unchanged';

export interface AppliedItem {
  object: KubeObject;
  description: string;
  action: AppliedAction;
  /** The object as the server stored it. */
  result: Record<string, unknown>;
}

/** Reads the field/manager pairs of a 409 from server-side apply ("conflict with \"mgr\"" per cause). */
export function conflictsOf(err: ClusterError): Conflict[] {
  if (err.status !== 409 || err.reason !== 'Conflict') return [];
  const causes = err.details?.causes ?? [];
  return causes
    .filter((c) => c.reason === 'FieldManagerConflict' || /conflict with/.test(c.message ?? ''))
    .map((c) => ({ field: c.field ?? '', manager: /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? 'unknown' }));
}

async function serverSideApply(
  session: ClusterSession,
  obj: KubeObject,
  options: { dryRun: boolean; force: boolean },
): Promise<Record<string, unknown>> {
  const path = await session.discovery.pathOf(obj);
  return session.client.request<Record<string, unknown>>({
    method: 'PATCH',
    path,
    query: {
      fieldManager: session.fieldManager,
      force: options.force ? true : undefined,
      dryRun: options.dryRun ? 'All' : undefined,
    },
    contentType: APPLY_PATCH,
    body: obj,
  });
}

function isMissingNamespace(err: unknown, namespace: string | undefined): boolean {
  return (
    err instanceof ClusterError &&
    err.status === 404 &&
    err.details?.kind === 'namespaces' &&
    err.details?.name === namespace
  );
}

/**
 * Asks the server what applying `obj` would do (server-side dry run) and compares with the live object.
 * `namespacesToCreate`: namespaces the same plan creates first, so a dry run into them cannot be done yet.
 */
export async function planApply(
  session: ClusterSession,
  obj: KubeObject,
  options: { force?: boolean; namespacesToCreate?: Set<string> } = {},
): Promise<PlanItem> {
  const description = describeObject(obj);
  const path = await session.discovery.pathOf(obj);
  const live = await session.client.getOptional<Record<string, unknown>>(path);
  const liveResourceVersion = (live?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
  const base = { object: obj, description, liveResourceVersion, changes: [], conflicts: [] };
  let desired: Record<string, unknown>;
  let conflicts: Conflict[] = [];
  try {
    desired = await serverSideApply(session, obj, { dryRun: true, force: false });
  } catch (e) {
    if (
      !live &&
      isMissingNamespace(e, obj.metadata.namespace) &&
      options.namespacesToCreate?.has(obj.metadata.namespace ?? '')
    ) {
      return { ...base, action: 'create', note: `namespace ${obj.metadata.namespace} is created first` };
    }
    conflicts = e instanceof ClusterError ? conflictsOf(e) : [];
    if (conflicts.length === 0) throw e;
    if (!options.force) return { ...base, action: 'conflict', conflicts };
    // Forced: the plan still names what is taken over from whom.
    desired = await serverSideApply(session, obj, { dryRun: true, force: true });
  }
  if (!live) return { ...base, action: 'create' };
  const changes = diffObjects(live, desired);
  return { ...base, action: changes.length > 0 ? 'update' : 'unchanged', changes, conflicts };
}

/** Applies `obj` for real. Throws the ClusterError of the failed request (a 409 carries the conflicts). */
export async function applyObject(
  session: ClusterSession,
  obj: KubeObject,
  options: { force?: boolean; liveResourceVersion?: string } = {},
): Promise<AppliedItem> {
  const result = await serverSideApply(session, obj, { dryRun: false, force: !!options.force });
  const resourceVersion = (result.metadata as { resourceVersion?: string }).resourceVersion;
  const action: AppliedAction =
    options.liveResourceVersion === undefined
      ? 'created'
      : resourceVersion === options.liveResourceVersion
        ? 'unchanged'
        : 'configured';
  return { object: obj, description: describeObject(obj), action, result };
}
