// Which cluster a command touches, resolved the way kubectl does: the files in KUBECONFIG merged with the first
// file to define a name winning (client-node's own merge throws on duplicates instead), else ~/.kube/config;
// or explicit paths (the CLI's --kubeconfig, the extension's machine-scoped setting).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { ClusterError } from './errors';

export interface KubeconfigSource {
  /** Explicit kubeconfig files; when given, KUBECONFIG and ~/.kube/config are not consulted. */
  paths?: string[];
  /** Defaults to process.env (only KUBECONFIG is read). */
  env?: Record<string, string | undefined>;
  /** Defaults to os.homedir(). */
  homeDir?: string;
}

export interface ResolveOptions extends KubeconfigSource {
  /** A context name; default: the kubeconfig's current-context. */
  context?: string;
  /** Exec credential plugins and command-running auth providers run programs named by the kubeconfig:
   * allowed for the CLI, and in the editor only in a trusted workspace. */
  allowExecPlugins?: boolean;
}

export type AuthKind = 'client-certificate' | 'token' | 'exec' | 'auth-provider' | 'basic' | 'none';

/** The resolved target of a command: what the confirmation shows, plus the client configuration. */
export interface ClusterTarget {
  kubeConfig: KubeConfig;
  context: string;
  cluster: string;
  server: string;
  /** The context's namespace, else "default". */
  namespace: string;
  user: string;
  authKind: AuthKind;
  /** False only when the kubeconfig says insecure-skip-tls-verify. */
  tlsVerify: boolean;
  /** The kubeconfig files that were merged, in precedence order. */
  files: string[];
  /** Credential strings that must never be printed (see redact.ts). */
  secrets: string[];
}

export interface ContextSummary {
  name: string;
  cluster: string;
  server: string;
  namespace: string;
  user: string;
  current: boolean;
}

/** The kubeconfig files in precedence order, as kubectl picks them. */
export function kubeconfigFiles(source: KubeconfigSource = {}): string[] {
  if (source.paths && source.paths.length > 0) return source.paths;
  const env = source.env ?? process.env;
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (fromEnv.length > 0) return fromEnv.filter((p) => existsSync(p));
  const home = join(source.homeDir ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

function loadOne(file: string): KubeConfig {
  if (!existsSync(file)) {
    throw new ClusterError({ kind: 'config', message: `kubeconfig ${file} does not exist` });
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    throw new ClusterError({ kind: 'config', message: `cannot read kubeconfig ${file}: ${(e as Error).message}` });
  }
  return kc;
}

function firstWins<T extends { name: string }>(lists: T[][]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of lists.flat()) {
    if (!seen.has(item.name)) {
      seen.add(item.name);
      out.push(item);
    }
  }
  return out;
}

/** Loads and merges the kubeconfig files; throws a ClusterError of kind "config" when there are none. */
export function loadKubeconfig(source: KubeconfigSource = {}): { kubeConfig: KubeConfig; files: string[] } {
  const files = kubeconfigFiles(source);
  if (files.length === 0) {
    throw new ClusterError({
      kind: 'config',
      message: 'no kubeconfig found (KUBECONFIG is unset or names no existing file, and ~/.kube/config does not exist)',
    });
  }
  const configs = files.map(loadOne);
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: firstWins(configs.map((c) => c.clusters)),
    users: firstWins(configs.map((c) => c.users)),
    contexts: firstWins(configs.map((c) => c.contexts)),
    currentContext: configs.map((c) => c.currentContext).find((name) => !!name) ?? '',
  });
  return { kubeConfig: merged, files };
}

/** Every context of the merged kubeconfig, for a context picker. */
export function listContexts(source: KubeconfigSource = {}): ContextSummary[] {
  const { kubeConfig } = loadKubeconfig(source);
  return kubeConfig.contexts.map((ctx) => ({
    name: ctx.name,
    cluster: ctx.cluster,
    server: kubeConfig.getCluster(ctx.cluster)?.server ?? '',
    namespace: ctx.namespace ?? 'default',
    user: ctx.user,
    current: ctx.name === kubeConfig.currentContext,
  }));
}

function authKindOf(user: User | null): AuthKind {
  if (!user) return 'none';
  if (user.exec) return 'exec';
  if (user.authProvider) return 'auth-provider';
  if (user.token) return 'token';
  if (user.certData || user.certFile) return 'client-certificate';
  if (user.username) return 'basic';
  return 'none';
}

function runsAProgram(user: User | null): boolean {
  if (!user) return false;
  return !!user.exec || !!user.authProvider?.config?.['cmd-path'];
}

/** Credential material of a kubeconfig user, for redaction. */
export function secretsOf(user: User | null): string[] {
  if (!user) return [];
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 6) out.push(v);
  };
  add(user.token);
  add(user.password);
  if (user.keyData) {
    add(user.keyData);
    // The decoded PEM's base64 lines too, in case a key ever reaches a message in PEM form.
    const pem = Buffer.from(user.keyData, 'base64').toString('utf8');
    for (const line of pem.split('\n')) if (!line.startsWith('-----')) add(line.trim());
  }
  for (const [key, value] of Object.entries(user.authProvider?.config ?? {})) {
    if (/token|secret|password/i.test(key)) add(value);
  }
  for (const entry of (user.exec?.env ?? []) as { value?: string }[]) add(entry.value);
  return out;
}

function requireContext(kc: KubeConfig, name: string, files: string[]): Context {
  const ctx = kc.getContextObject(name);
  if (ctx) return ctx;
  const known = kc.contexts.map((c) => c.name).join(', ') || 'none';
  const where = files.join(delimiter);
  const what = name ? `context "${name}" is not in` : 'no current-context is set in';
  throw new ClusterError({ kind: 'config', message: `${what} the kubeconfig (${where}); contexts: ${known}` });
}

/** Resolves the kubeconfig and the context a command will touch. */
export function resolveClusterTarget(options: ResolveOptions = {}): ClusterTarget {
  const { kubeConfig, files } = loadKubeconfig(options);
  const ctx = requireContext(kubeConfig, options.context ?? kubeConfig.currentContext, files);
  kubeConfig.setCurrentContext(ctx.name);
  const cluster: Cluster | null = kubeConfig.getCluster(ctx.cluster);
  if (!cluster) {
    throw new ClusterError({
      kind: 'config',
      message: `context "${ctx.name}" names cluster "${ctx.cluster}", which is not defined`,
    });
  }
  const user = kubeConfig.getUser(ctx.user);
  if (runsAProgram(user) && !options.allowExecPlugins) {
    throw new ClusterError({
      kind: 'config',
      message:
        `user "${ctx.user}" of context "${ctx.name}" authenticates by running a program named in the kubeconfig; ` +
        'this is only allowed in a trusted workspace',
    });
  }
  return {
    kubeConfig,
    context: ctx.name,
    cluster: cluster.name,
    server: cluster.server,
    namespace: ctx.namespace ?? 'default',
    user: ctx.user,
    authKind: authKindOf(user),
    tlsVerify: !cluster.skipTLSVerify,
    files,
    secrets: secretsOf(user),
  };
}
