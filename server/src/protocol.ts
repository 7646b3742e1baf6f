// Every custom message between the extension client and the language server, in one place
// (the client imports this file; keep it free of server-only imports). Positions and ranges
// are LSP ones: zero-based lines, UTF-16 characters.
import { NotificationType, RequestType, type Position, type Range } from 'vscode-languageserver-protocol';
import type { ConnectivityMatrix, Topology } from '../../engine';

/** Where an object of the workspace is written: the file and the range of its YAML document. */
export interface ObjectLocation {
  readonly uri: string;
  readonly range: Range;
}

/** A NetworkAttachmentDefinition of the workspace index, as pickers and the tree show it. */
export interface NadSummary {
  readonly namespace: string;
  readonly name: string;
  readonly location: ObjectLocation;
  /** Plugin types in chain order (`["macvlan"]`, `["macvlan", "tuning"]`); empty when the config does not parse. */
  readonly pluginTypes: readonly string[];
  /** `ipam.type` of the first plugin that has one (`host-local`, `whereabouts`, ...). */
  readonly ipamType?: string;
  /** How many pods or pod templates of the workspace select this NAD in their networks annotation. */
  readonly referencedBy: number;
}

/** A pod (or a workload's pod template) of the workspace that carries Multus annotations. */
export interface PodSummary {
  readonly namespace: string;
  readonly name: string;
  readonly location: ObjectLocation;
}

export interface PreviewParams {
  readonly textDocument: { readonly uri: string };
  readonly position: Position;
  /**
   * A cluster model document to preview on instead of `multusNad.clusterModel` (a live snapshot the client read,
   * README "Cluster model file"); its NADs join the workspace's, which override them. Trusted workspaces only.
   */
  readonly clusterModel?: unknown;
  /** Preview on the embedded default cluster whatever `multusNad.clusterModel` says (the panel's model choice). */
  readonly embeddedCluster?: boolean;
}

/** One previewed pod, in the engine's own renderings. */
export interface PodPreviewResult {
  /** `<namespace>/<name>` */
  readonly pod: string;
  readonly node?: string;
  /** Multus' reason when it would refuse the pod (or the model's, when it cannot place it). */
  readonly error?: string;
  /** `model`: the cluster model does not list the pod's node, a limit of the model, not a refusal. */
  readonly refusedBy?: 'model' | 'scheduler' | 'multus';
  /** The CLI's text format for this pod: `ip address`, `ip route`, notes. */
  readonly text: string;
  /** The `k8s.v1.cni.cncf.io/network-status` annotation exactly as Multus would write it. */
  readonly networkStatus: string;
  /** The CLI's json format entry for this pod (interfaces, routes, networkStatus, notes). */
  readonly json: unknown;
  readonly location: ObjectLocation;
}

export interface PreviewResult {
  /** What the cursor is on: a pod (its own preview) or a NAD (the workspace pods that select it). */
  readonly subject: { readonly kind: 'pod' | 'nad'; readonly namespace: string; readonly name: string };
  /** Every pod previewed, in workspace order; empty when no pod selects the NAD. */
  readonly pods: readonly PodPreviewResult[];
  /** About the cluster model: where it came from, its notes, the workspace NADs that override the cluster's. */
  readonly modelNotes?: readonly string[];
  /** `<namespace>/<name>` of the cluster model's NADs that a workspace NAD of the same namespace/name overrides. */
  readonly overriddenNads?: readonly string[];
  /** Who reaches whom on each network of the pods previewed for this request, and the picture of it. */
  readonly connectivity?: { readonly matrix: ConnectivityMatrix; readonly topology: Topology };
}

/** Previews the pod or the NAD under the cursor against the whole workspace; null when the cursor is on neither. */
export const PreviewRequest = new RequestType<PreviewParams, PreviewResult | null, void>('multus/preview');

export interface ListNadsParams {
  /** Only NADs of this namespace; all when absent. */
  readonly namespace?: string;
}

/** Lists the NADs of the workspace index (open and unopened files), sorted by namespace and name. */
export const ListNadsRequest = new RequestType<ListNadsParams, NadSummary[], void>('multus/listNads');

/** Lists the pods and pod templates of the workspace that carry Multus annotations, in workspace order. */
export const ListPodsRequest = new RequestType<Record<string, never>, PodSummary[], void>('multus/listPods');

export interface IndexChangedParams {
  /** Files whose NADs or pods changed (so a preview or a CodeLens showing them can refresh). */
  readonly uris: readonly string[];
}

/** Sent by the server after the workspace index changed (a NAD or an annotated pod was added, edited or removed). */
export const IndexChangedNotification = new NotificationType<IndexChangedParams>('multus/indexChanged');

/** What `multusNad.diagnostics.severity` may set a diagnostic code to. */
export type SeverityOverride = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** Settings the server reads from the `multusNad` section of the client configuration. */
export interface ServerSettings {
  /** Turns every diagnostic off when false. */
  readonly validate: boolean;
  /** Milliseconds between the last edit and validation. */
  readonly debounceMs: number;
  /** A cluster model file (path, relative to the first workspace folder, or file URI) for preview and hover; empty: the embedded cluster. Ignored in an untrusted workspace. */
  readonly clusterModel?: string;
  /** `multusNad.diagnostics.severity`: severity by diagnostic code; `off` drops the code. */
  readonly diagnostics?: { readonly severity?: Readonly<Record<string, SeverityOverride>> };
}

/** `initializationOptions` the client passes at start. */
export interface InitializationOptions {
  /** False in a restricted workspace: settings that read files (clusterModel) are then ignored. */
  readonly workspaceTrusted?: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = { validate: true, debounceMs: 150 };

/** The configuration section the server asks for with `workspace/configuration`. */
export const SETTINGS_SECTION = 'multusNad';
