// kube/'s public surface for the extension (client/src) and the CLI: everything here works without
// `vscode`, takes a ClusterSession, and reports progress through callbacks.
export { openSession, sessionFor, FIELD_MANAGER, type ClusterSession, type SessionOptions } from './session';
export type { ClientOptions } from './transport';
export {
  resolveClusterTarget,
  listContexts,
  kubeconfigFiles,
  type ClusterTarget,
  type ContextSummary,
  type KubeconfigSource,
  type ResolveOptions,
} from './kubeconfig';
export { ClusterError, type ClusterErrorKind } from './errors';
export { explain, formatExplanation, type Explanation } from './explain';
export { redactor, type Redactor } from './redact';
export { formatChange, type FieldChange } from './diff';
export {
  installManifests,
  withRegistry,
  defaultMultusImage,
  DEFAULT_THICK_MEMORY_LIMIT,
  type Install,
  type InstallOptions,
  type MultusFlavor,
} from './manifests';
export { MULTUS_VERSION, FLANNEL_VERSION } from './manifests/versions';
export type { KubeObject } from './manifests/types';
export { planApply, applyObject, conflictsOf, type PlanItem, type AppliedItem, type Conflict } from './apply';
export {
  planDeploy,
  executeDeploy,
  planObjects,
  applyPlan,
  countPlan,
  planLines,
  partialApplyLines,
  nodeReadinessOrForbidden,
  type DeployPlan,
  type DeployResult,
  type ApplyOutcome,
} from './deploy';
export {
  watchRollout,
  daemonSetRolloutStatus,
  type RolloutProgress,
  type RolloutResult,
  type NodeProgress,
} from './rollout';
export { listNodeReadiness, type NodeReadiness } from './nodes';
export { listNads, readNad, isMultusInstalled, nadsToApply, type ClusterNad } from './nads';
export {
  tryPodOnCluster,
  createPod,
  waitForPodRunning,
  deletePod,
  podFromWorkload,
  readNetworkStatus,
  NETWORK_STATUS_ANNOTATION,
  type PodState,
  type NetworkStatusEntry,
} from './pods';
export {
  takeSnapshot,
  HOST_LOCAL_APPROXIMATION,
  UNKNOWN_INTERFACES_NOTE,
  type SnapshotDocument,
  type SnapshotOptions,
} from './snapshot';
export { listAll, PAGE_SIZE } from './pagedList';
export {
  planUndeploy,
  executeUndeploy,
  undeployLines,
  type UndeployItem,
  type UndeployAction,
  type UndeployOutcome,
  type RemainingPod,
} from './undeploy';
