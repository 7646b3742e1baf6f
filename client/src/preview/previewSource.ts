import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ListPodsRequest,
  PreviewRequest,
  type PodPreviewResult,
  type PreviewResult,
} from '../../../server/src/protocol';
import { podViewOf, previewViewOf, type PreviewView } from './previewModel';
import { modelParams, type PreviewModelChoice } from './previewModelChoice';

/** What a preview panel shows: the pod or NAD at a cursor, or every annotated pod of the workspace. */
export type PreviewScope =
  | { readonly kind: 'cursor'; readonly uri: string; readonly line: number; readonly character: number }
  | { readonly kind: 'workspace' };

/**
 * Asks the server for the preview of a scope on the chosen cluster model; undefined when the cursor is on neither
 * a pod nor a NAD.
 */
export async function fetchPreview(
  client: LanguageClient,
  scope: PreviewScope,
  model: PreviewModelChoice = { kind: 'configured' },
): Promise<PreviewView | undefined> {
  if (scope.kind === 'workspace') return fetchWorkspacePreview(client, model);
  const result = await client.sendRequest(PreviewRequest, {
    textDocument: { uri: scope.uri },
    position: { line: scope.line, character: scope.character },
    ...modelParams(model),
  });
  return result ? previewViewOf(result) : undefined;
}

// The server previews the whole workspace for each request (IPAM allocations follow workspace
// order), so asking at each annotated pod gives every pod as the workspace-wide run sees it.
async function fetchWorkspacePreview(client: LanguageClient, model: PreviewModelChoice): Promise<PreviewView> {
  const pods = await client.sendRequest(ListPodsRequest, {});
  const previews = new Map<string, PodPreviewResult>();
  // Each answer's connectivity covers the whole workspace run; the last one is kept.
  let connectivity: PreviewResult['connectivity'];
  let modelNotes: PreviewResult['modelNotes'];
  let overriddenNads: PreviewResult['overriddenNads'];
  for (const pod of pods) {
    const key = `${pod.namespace}/${pod.name}`;
    if (previews.has(key)) continue;
    const result = await client.sendRequest(PreviewRequest, {
      textDocument: { uri: pod.location.uri },
      position: pod.location.range.start,
      ...modelParams(model),
    });
    connectivity = result?.connectivity ?? connectivity;
    modelNotes = result?.modelNotes ?? modelNotes;
    overriddenNads = result?.overriddenNads ?? overriddenNads;
    const own = result?.pods.find((candidate) => candidate.pod === key);
    if (own) previews.set(key, own);
  }
  const subject = 'all annotated pods of the workspace';
  if (previews.size === 0)
    return { subject, pods: [], hint: 'No pod of the workspace carries a Multus networks annotation.' };
  return {
    subject,
    pods: [...previews.values()].map(podViewOf),
    ...(connectivity ? { connectivity } : {}),
    ...(modelNotes?.length ? { modelNotes } : {}),
    ...(overriddenNads?.length ? { overriddenNads } : {}),
  };
}
