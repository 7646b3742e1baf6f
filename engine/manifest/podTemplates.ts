import { asRecord, ownEntry, type Json } from '../json/jsonValue';

/**
 * Where each kind that makes pods keeps the pod's metadata and spec. Multus reads only the pod's
 * own annotations (MUL pkg/k8sclient/k8sclient.go GetPod, then parsePodNetworkAnnotation), and a
 * controller copies its template's annotations onto each pod it makes, so the kinds are those whose
 * controllers stamp pods from a template: apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet,
 * batch/v1 Job and CronJob (through its job template), and core/v1 ReplicationController, which is
 * still served and made by the ReplicaSet controller (kubernetes pkg/controller/replication).
 */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template path of a kind ([] for a Pod), or undefined when the kind makes no pods. */
export function podTemplatePath(kind: unknown): readonly string[] | undefined {
  return typeof kind === 'string' ? ownEntry(POD_TEMPLATE_PATHS, kind) : undefined;
}

/** The object holding a pod's `metadata` and `spec`: a Pod itself or a workload's template. */
export function podTemplateOf(object: Json): Json | undefined {
  const path = podTemplatePath(object.kind);
  let value: unknown = path && object;
  for (const key of path ?? []) value = asRecord(value)?.[key];
  return asRecord(value);
}
