// Every failure of a cluster call becomes a ClusterError, and every ClusterError can be explained: which object,
// the HTTP status, the server's own message, and the next step. Status shapes: k8s-deploy.md §2.6 (observed on a
// real 1.20 API server) and apimachinery's metav1.Status.

export type ClusterErrorKind =
  /** The kubeconfig is missing, broken or refused by policy; nothing was sent. */
  | 'config'
  /** The server answered with a non-2xx status. */
  | 'http'
  /** The connection failed or was cut. */
  | 'network'
  /** No complete answer within the request timeout. */
  | 'timeout'
  /** The server's certificate was not trusted, or the client's was refused during the handshake. */
  | 'tls'
  /** A credential plugin (exec, auth provider) failed before a request could be sent. */
  | 'credentials';

/** Our own reason for "the server does not serve this apiVersion/kind" (no metav1.Status reason exists). */
export const NOT_SERVED = 'NotServed';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export interface ClusterErrorInit {
  kind: ClusterErrorKind;
  message: string;
  status?: number;
  /** metav1.Status.reason: Unauthorized, Forbidden, NotFound, Conflict, AlreadyExists, Invalid, … */
  reason?: string;
  details?: StatusDetails;
  method?: string;
  /** Path and query only; the server URL is part of the target. */
  path?: string;
  /** Node's error code: ECONNREFUSED, ECONNRESET, … */
  code?: string;
  /** How many times the request was sent before giving up. */
  attempts?: number;
}

export class ClusterError extends Error {
  readonly kind: ClusterErrorKind;
  readonly status?: number;
  readonly reason?: string;
  readonly details?: StatusDetails;
  readonly method?: string;
  readonly path?: string;
  readonly code?: string;
  attempts: number;
  /** The object or operation the failed request was about, e.g. "DaemonSet kube-system/kube-multus-ds". */
  subject?: string;

  constructor(init: ClusterErrorInit) {
    super(init.message);
    this.name = 'ClusterError';
    this.kind = init.kind;
    this.status = init.status;
    this.reason = init.reason;
    this.details = init.details;
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
    this.attempts = init.attempts ?? 1;
  }

  /** Discovery found no such API group/version or kind on the server (see resources.ts). */
  get isNotServed(): boolean {
    return this.reason === NOT_SERVED;
  }
}

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** "403 Forbidden". */
export function httpStatusLine(status: number): string {
  return `${status} ${statusText[status] ?? ''}`.trim();
}

/** Builds the error for a non-2xx answer from its raw body (a metav1.Status, or text such as "404 page not found"). */
export function errorFromResponse(status: number, body: string, method: string, path: string): ClusterError {
  let parsed: { kind?: string; message?: string; reason?: string; details?: StatusDetails } | undefined;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const isStatus = parsed?.kind === 'Status';
  const message = isStatus ? (parsed?.message ?? '') : body.trim().slice(0, 500);
  return new ClusterError({
    kind: 'http',
    status,
    message: message || httpStatusLine(status),
    reason: isStatus ? parsed?.reason || undefined : undefined,
    details: isStatus ? parsed?.details : undefined,
    method,
    path,
  });
}

/** Whether sending the same request again is safe and may succeed. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ClusterError)) return false;
  if (err.kind === 'network' || err.kind === 'timeout') return true;
  if (err.kind !== 'http' || err.status === undefined) return false;
  if (err.status === 429) return true;
  // 1.20 answers a server-side apply that does not fit the schema with a 500 that no retry can fix.
  if (err.status === 500 && /failed to create typed (patch )?object/.test(err.message)) return false;
  return err.status >= 500;
}
