// Turns a ClusterError into what a user needs: what failed (the object), the HTTP status, the server's own
// message, and the next step. Messages quote the server verbatim so a search finds the upstream docs.
import { conflictsOf } from './apply';
import { ClusterError, httpStatusLine, NOT_SERVED } from './errors';
import { NAD_API_VERSION } from './manifests/multus';
import type { ClusterTarget } from './kubeconfig';

export interface Explanation {
  /** "could not apply DaemonSet kube-system/kube-multus-ds: 403 Forbidden" */
  summary: string;
  /** The server's message (or the network error), verbatim. */
  detail: string;
  /** "server" for an answer from the API server, "cause" for errors on the way there. */
  detailLabel: 'server' | 'cause';
  next: string;
}

export interface ExplainContext {
  target?: Pick<ClusterTarget, 'context' | 'server' | 'user'>;
  /** What was being done, e.g. "apply DaemonSet kube-system/kube-multus-ds". */
  action?: string;
}

const verbOf: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** RBAC's denial: User "u" cannot VERB resource "R" in API group "G" [in the namespace "N"]. */
function forbidden(err: ClusterError): {
  user: string;
  verb: string;
  resource: string;
  group: string;
  namespace?: string;
} {
  const m =
    /User "([^"]*)" cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/.exec(
      err.message,
    );
  if (m) return { user: m[1], verb: m[2], resource: m[3], group: m[4], namespace: m[5] };
  return {
    user: '?',
    verb: verbOf[err.method ?? 'GET'] ?? '?',
    resource: err.details?.kind ?? '?',
    group: err.details?.group ?? '',
  };
}

function attemptsNote(err: ClusterError): string {
  return err.attempts > 1 ? ` (after ${err.attempts} attempts)` : '';
}

function httpNext(err: ClusterError, ctx: ExplainContext): string {
  const who = ctx.target ? `user "${ctx.target.user}" of context "${ctx.target.context}"` : 'your user';
  switch (err.status) {
    case 401:
      return `the server did not accept the credentials of ${who} (expired or revoked token, or a client certificate it does not trust); renew them, e.g. log in again or fetch a fresh kubeconfig`;
    case 403: {
      const f = forbidden(err);
      const group = f.group === '' ? 'core' : f.group;
      const subject =
        f.user !== '?' ? `user "${f.user}"${ctx.target ? ` (context "${ctx.target.context}")` : ''}` : who;
      const where = f.namespace ? ` in namespace "${f.namespace}"` : '';
      const grant = f.namespace ? `a Role in namespace "${f.namespace}" (or a ClusterRole)` : 'a ClusterRole';
      return `RBAC does not allow ${subject} to "${f.verb}" resource "${f.resource}" (API group ${group})${where}; ask a cluster admin for ${grant} granting verb "${f.verb}" on "${f.resource}", or use a context with more rights`;
    }
    case 404:
      if (err.isNotServed && err.message.includes(NAD_API_VERSION)) {
        return 'Multus is not installed on this cluster (the API group k8s.cni.cncf.io/v1 of NetworkAttachmentDefinitions is not served); install it with `multus-nad deploy` ("Multus: Deploy to Cluster" in VS Code)';
      }
      if (err.isNotServed) return 'this cluster does not serve that API; check the apiVersion and the cluster version';
      if (err.details?.kind === 'namespaces')
        return `create namespace "${err.details.name}" first, or choose another namespace`;
      return 'the object does not exist (any more); check its name and namespace';
    case 409: {
      if (conflictsOf(err).length > 0) {
        return 'another field manager owns these fields; change them with the tool that owns them, or take them over explicitly with --force-conflicts ("Deploy (take over fields)" in VS Code)';
      }
      if (err.reason === 'AlreadyExists')
        return 'an object with this name exists already; delete it or choose another name';
      return 'the object changed on the server while this ran; run the command again';
    }
    case 422:
    case 400:
      return 'the server rejected the object as invalid; fix the field(s) named above';
    case 429:
      return `the server is rate-limiting requests${attemptsNote(err)}; wait a little and run the command again`;
    default:
      if (/failed to create typed (patch )?object/.test(err.message)) {
        return 'the object does not fit the resource schema at the field named above (retrying cannot help); fix that field';
      }
      if ((err.status ?? 0) >= 500) {
        return `the API server failed${attemptsNote(err)}; check its health (/readyz) and run the command again: applying is idempotent`;
      }
      return 'see the server message above';
  }
}

function networkNext(err: ClusterError, ctx: ExplainContext): string {
  const where = ctx.target ? ctx.target.server : 'the API server';
  const again = 'run the command again once it is reachable: applying is idempotent';
  if (err.kind === 'timeout')
    return `${where} did not answer in time${attemptsNote(err)}; check the network or the server's load, then ${again}`;
  if (err.code === 'ECONNREFUSED')
    return `nothing accepts connections at ${where}${attemptsNote(err)}; is the cluster running and is the context right?`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return `the host name of ${where} does not resolve; check the kubeconfig's server URL and your DNS`;
  return `the connection to ${where} failed${attemptsNote(err)}; ${again}`;
}

function fieldLines(err: ClusterError): string {
  const conflicts = conflictsOf(err);
  if (conflicts.length > 0) {
    return conflicts.map((c) => `field ${c.field} is owned by field manager "${c.manager}"`).join('; ');
  }
  // The causes repeat the message; name the fields and the kind of problem only.
  const causes = (err.details?.causes ?? []).filter((c) => c.field);
  return causes.map((c) => `field ${c.field}${c.reason ? ` (${c.reason})` : ''}`).join('; ');
}

/** The Status reason when it says more than the status line ("409 Conflict" vs "(AlreadyExists)"). */
function reasonNote(err: ClusterError, status: string): string {
  if (!err.reason || err.reason === NOT_SERVED) return '';
  return status.replace(/^\d+ /, '').replace(/ /g, '') === err.reason ? '' : ` (${err.reason})`;
}

export function explain(err: unknown, ctx: ExplainContext = {}): Explanation {
  const subject = err instanceof ClusterError && err.subject ? ` (${err.subject})` : '';
  const what = ctx.action ? `could not ${ctx.action}${subject}` : `cluster request failed${subject}`;
  if (!(err instanceof ClusterError)) {
    return {
      summary: what,
      detail: String((err as Error)?.message ?? err),
      detailLabel: 'cause',
      next: 'this is unexpected; please report it',
    };
  }
  switch (err.kind) {
    case 'config':
      return {
        summary: `${what}: kubeconfig`,
        detail: err.message,
        detailLabel: 'cause',
        next: 'fix the kubeconfig or choose another context (--context, --kubeconfig)',
      };
    case 'credentials':
      return {
        summary: `${what}: no credentials`,
        detail: err.message,
        detailLabel: 'cause',
        next: 'the credential plugin of the kubeconfig user failed; run it by hand to see why, or log in again',
      };
    case 'tls':
      return {
        summary: `${what}: TLS handshake failed`,
        detail: err.message,
        detailLabel: 'cause',
        next: "the server's certificate is not trusted by the kubeconfig's certificate-authority (or the client certificate was refused); fetch the cluster's current CA into the kubeconfig — verification stays on",
      };
    case 'network':
    case 'timeout': {
      const request = err.method ? ` (${err.method} ${err.path})` : '';
      return {
        summary: `${what}: ${err.kind === 'timeout' ? 'timed out' : 'network error'}${request}`,
        detail: err.message,
        detailLabel: 'cause',
        next: networkNext(err, ctx),
      };
    }
    case 'http': {
      const fields = fieldLines(err);
      const status = err.status ? httpStatusLine(err.status) : 'HTTP error';
      return {
        summary: `${what}: ${status}${reasonNote(err, status)}`,
        detail: fields ? `${err.message}\n${fields}` : err.message,
        detailLabel: 'server',
        next: httpNext(err, ctx),
      };
    }
  }
}

/** The explanation as lines: "error: …", "  server: …", "  next: …". */
export function formatExplanation(e: Explanation): string[] {
  const label = `  ${e.detailLabel}: `;
  const detail = e.detail
    .split('\n')
    .map((line, i) => (i === 0 ? `${label}${line}` : `${' '.repeat(label.length)}${line}`));
  return [`error: ${e.summary}`, ...detail, `  next: ${e.next}`];
}
