import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';

/** A context of the kubeconfig, as the status bar and the context picker show it. */
export interface KubeContext {
  readonly name: string;
  readonly cluster: string;
  readonly server: string;
  /** The context's namespace, else "default". */
  readonly namespace: string;
  /** True for the kubeconfig's current-context. */
  readonly current: boolean;
}

/**
 * The contexts of the kubeconfig files as kubectl merges them (KUBECONFIG's files in order, the
 * first to define a name wins; else ~/.kube/config), read as plain YAML: nothing runs and no
 * cluster is contacted. (kube/kubeconfig.ts resolves the same files for cluster
 * commands; this light reader keeps @kubernetes/client-node out of the status bar's path.)
 */
export function readKubeContexts(explicitFile?: string, env = process.env, home = homedir()): KubeContext[] {
  const documents = kubeconfigFiles(explicitFile, env, home).map(readKubeconfig);
  const seen = new Set<string>();
  const contexts = documents
    .flatMap((doc) => namedEntries(doc.contexts))
    .filter(({ name }) => !seen.has(name) && seen.add(name));
  const servers = new Map<string, string>();
  for (const { name, body } of documents.flatMap((doc) => namedEntries(doc.clusters))) {
    if (!servers.has(name)) servers.set(name, String(body.server ?? ''));
  }
  const current = documents
    .map((doc) => doc['current-context'])
    .find((name) => typeof name === 'string' && name !== '');
  return contexts.map(({ name, body }) => ({
    name,
    cluster: String(body.cluster ?? ''),
    server: servers.get(String(body.cluster ?? '')) ?? '',
    namespace: typeof body.namespace === 'string' && body.namespace !== '' ? body.namespace : 'default',
    current: name === current,
  }));
}

function kubeconfigFiles(explicitFile: string | undefined, env: NodeJS.ProcessEnv, home: string): string[] {
  if (explicitFile) return [explicitFile];
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
  if (fromEnv.length > 0) return fromEnv.filter((file) => existsSync(file));
  const fallback = join(home, '.kube', 'config');
  return existsSync(fallback) ? [fallback] : [];
}

function readKubeconfig(file: string): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(file, 'utf8'));
  return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
}

// kubeconfig lists look like `contexts: [{name, context: {...}}]` and `clusters: [{name, cluster: {...}}]`.
function namedEntries(list: unknown): { name: string; body: Record<string, unknown> }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: Record<string, unknown> | null) => {
    if (typeof entry?.name !== 'string') return [];
    const body = entry.context ?? entry.cluster;
    return [
      { name: entry.name, body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {} },
    ];
  });
}
