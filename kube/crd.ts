// A CRD can be used only once the API server serves it: wait for status condition Established=True before
// applying custom resources (k8s-deploy.md §2.7), then forget the cached discovery of its group.
import { ClusterError } from './errors';
import type { ClusterSession } from './session';
import { watchUntil, type Obj } from './watchUntil';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function conditions(obj: Obj): Condition[] {
  return ((obj.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
}

export function isEstablished(crd: Obj): boolean {
  return conditions(crd).some((c) => c.type === 'Established' && c.status === 'True');
}

export async function waitForCrdEstablished(session: ClusterSession, name: string, timeoutMs = 60_000): Promise<void> {
  const result = await watchUntil(session.client, CRDS, name, (crd) => (isEstablished(crd) ? true : undefined), {
    timeoutMs,
  });
  if (result.value) {
    const spec = result.last?.spec as { group: string; versions: { name: string }[] };
    for (const v of spec.versions) session.discovery.forget(`${spec.group}/${v.name}`);
    return;
  }
  const state = result.last
    ? conditions(result.last)
        .map((c) => `${c.type}=${c.status}${c.message ? ` (${c.message})` : ''}`)
        .join(', ') || 'no conditions yet'
    : 'the CRD does not exist';
  throw new ClusterError({
    kind: 'timeout',
    message: `CustomResourceDefinition ${name} was not Established within ${timeoutMs / 1000} s: ${state}`,
  });
}
