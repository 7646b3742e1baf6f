// One connection to one cluster: the resolved target, the HTTP client and a discovery cache. Every operation
// in kube/ takes a session, so the CLI, the extension and the tests configure timeouts, retries and
// secret redaction in one place.
import { resolveClusterTarget, type ClusterTarget, type ResolveOptions } from './kubeconfig';
import { Discovery } from './resources';
import { ClusterClient, type ClientOptions } from './transport';

/** The one field manager every write of ours uses, so the server tracks our fields as one owner. */
export const FIELD_MANAGER = 'multus-nad';

export interface ClusterSession {
  target: ClusterTarget;
  client: ClusterClient;
  discovery: Discovery;
  fieldManager: string;
}

export interface SessionOptions extends ResolveOptions, ClientOptions {
  fieldManager?: string;
}

export function sessionFor(
  target: ClusterTarget,
  options: ClientOptions & { fieldManager?: string } = {},
): ClusterSession {
  const client = new ClusterClient(target, options);
  return { target, client, discovery: new Discovery(client), fieldManager: options.fieldManager ?? FIELD_MANAGER };
}

/** Resolves the kubeconfig and context (throws a ClusterError of kind "config") and opens a session on it. */
export function openSession(options: SessionOptions = {}): ClusterSession {
  return sessionFor(resolveClusterTarget(options), options);
}
