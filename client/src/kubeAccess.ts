// Can cluster commands reach a context at all? Decided from the kubeconfig files alone, before any
// command opens a document or a dialog, and worded for the editor (what was looked for, where).
// No vscode import: tested in test/client.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { readKubeContexts, type KubeContext } from './kubeconfigContexts';

/** Why cluster commands cannot run, or the contexts they can use. */
export type KubeAccess =
  | { readonly kind: 'ready'; readonly contexts: readonly KubeContext[]; readonly target: KubeContext }
  | { readonly kind: 'no-kubeconfig'; readonly lookedFor: readonly string[] }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'no-contexts'; readonly files: readonly string[] }
  | {
      readonly kind: 'no-current-context';
      readonly contexts: readonly KubeContext[];
      readonly files: readonly string[];
    };

export interface KubeAccessSource {
  /** The multusNad.kubeconfig setting (trusted workspaces only). */
  readonly explicitFile?: string;
  /** A context picked in the status bar; used when it still exists. */
  readonly chosenContext?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
}

/** Resolves the files the way kubeConfigContexts (and kubectl) do, and says what is missing. */
export function readKubeAccess(source: KubeAccessSource = {}): KubeAccess {
  const env = source.env ?? process.env;
  const home = source.home ?? homedir();
  const candidates = candidateFiles(source.explicitFile, env, home);
  const files = candidates.paths.filter((path) => existsSync(path));
  if (files.length === 0) return { kind: 'no-kubeconfig', lookedFor: candidates.lookedFor };
  let contexts: KubeContext[];
  try {
    contexts = readKubeContexts(source.explicitFile, env, home);
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
  if (contexts.length === 0) return { kind: 'no-contexts', files };
  const target =
    contexts.find((context) => context.name === source.chosenContext) ?? contexts.find((context) => context.current);
  return target ? { kind: 'ready', contexts, target } : { kind: 'no-current-context', contexts, files };
}

/** The short words of the status bar; the click's message starts with the same words. */
export function accessHeadline(access: Exclude<KubeAccess, { kind: 'ready' }>): string {
  switch (access.kind) {
    case 'no-kubeconfig':
      return 'no kubeconfig found';
    case 'unreadable':
      return 'the kubeconfig cannot be read';
    case 'no-contexts':
      return 'the kubeconfig has no contexts';
    case 'no-current-context':
      return 'no current-context';
  }
}

/** What was looked at and what to do, for the detail of a message (editor words: settings, not flags). */
export function accessDetail(access: Exclude<KubeAccess, { kind: 'ready' }>): string {
  switch (access.kind) {
    case 'no-kubeconfig':
      return `Looked for:\n${access.lookedFor.map((what) => `  ${what}`).join('\n')}\n\nSet multusNad.kubeconfig to a kubeconfig file, or set KUBECONFIG before starting VS Code.`;
    case 'unreadable':
      return `${access.reason}\n\nFix the file, or set multusNad.kubeconfig to another kubeconfig file.`;
    case 'no-contexts':
      return `${access.files.join(', ')} defines no context.\n\nAdd one (kubectl config set-context), or set multusNad.kubeconfig to another kubeconfig file.`;
    case 'no-current-context':
      return `${access.files.join(', ')} sets no current-context; its contexts: ${access.contexts.map((context) => context.name).join(', ')}.\n\nPick the context cluster commands should use.`;
  }
}

interface Candidates {
  readonly paths: readonly string[];
  /** How the message names each place looked at, and why it gave nothing. */
  readonly lookedFor: readonly string[];
}

// The same files as kubeconfigFiles() in kubeconfigContexts.ts (kubectl's order), missing ones kept.
function candidateFiles(explicitFile: string | undefined, env: NodeJS.ProcessEnv, home: string): Candidates {
  if (explicitFile)
    return { paths: [explicitFile], lookedFor: [`${explicitFile} (the multusNad.kubeconfig setting): does not exist`] };
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
  if (fromEnv.length > 0)
    return { paths: fromEnv, lookedFor: fromEnv.map((path) => `${path} (from KUBECONFIG): does not exist`) };
  const fallback = join(home, '.kube', 'config');
  return { paths: [fallback], lookedFor: ['KUBECONFIG: not set', `${fallback}: does not exist`] };
}
