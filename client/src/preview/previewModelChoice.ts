// The cluster model the preview panel places pods on: the embedded lab, the configured file (the server's
// `multusNad.clusterModel`, else the embedded one), or a snapshot of a live context the client read (the server
// never talks to a cluster; it receives the snapshot with each request). No `vscode` here: tested in test/client.
import type { PreviewParams } from '../../../server/src/protocol';

export type PreviewModelChoice =
  | { readonly kind: 'configured' }
  | { readonly kind: 'embedded' }
  | {
      readonly kind: 'live';
      readonly context: string;
      /** The snapshot document (kube takeSnapshot), sent with every preview request. */
      readonly document: unknown;
      readonly readAt: Date;
    };

/** What a preview request carries for the choice. */
export function modelParams(choice: PreviewModelChoice): Pick<PreviewParams, 'clusterModel' | 'embeddedCluster'> {
  if (choice.kind === 'embedded') return { embeddedCluster: true };
  if (choice.kind === 'live') return { clusterModel: choice.document };
  return {};
}

/** "read just now", "read 1 min ago", "read 2 h ago": the snapshot's age, coarse enough to stay true a while. */
export function ageText(readAt: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - readAt.getTime()) / 60_000);
  if (minutes < 1) return 'read just now';
  if (minutes < 120) return `read ${minutes} min ago`;
  return `read ${Math.floor(minutes / 60)} h ago`;
}

/** The panel's model line: "live: lab, read 2 min ago", "embedded lab cluster", "configured cluster model". */
export function modelLabel(choice: PreviewModelChoice, now: Date): string {
  if (choice.kind === 'embedded') return 'embedded lab cluster';
  if (choice.kind === 'live') return `live: ${choice.context}, ${ageText(choice.readAt, now)}`;
  return 'configured cluster model (multusNad.clusterModel or .multus-nad.yaml; else the embedded lab)';
}
