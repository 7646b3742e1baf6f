import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { SEED_POD_SCHEME, SEED_SAMPLEPOD } from './tryPodSource';

export const SEED_POD_URI = vscode.Uri.from({ scheme: SEED_POD_SCHEME, path: '/seed-lab/samplepod.yaml' });

/**
 * The seed lab's samplepod as a read-only YAML document for "Try It on the Cluster" to preview: it
 * cannot be edited, so it is never dirty, never asks to be saved, and is not restored on reload.
 */
export class SeedPodDocuments implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(): string {
    return stringify(SEED_SAMPLEPOD);
  }
}
