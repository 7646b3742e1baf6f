import * as vscode from 'vscode';
import {
  ClusterError,
  explain,
  formatExplanation,
  openSession,
  redactor,
  type ClusterSession,
  type Redactor,
} from '../../../kube';
import { openKubeconfigSetting } from '../kubeAccessMessage';
import type { KubeContextStatus } from '../kubeContextStatus';
import type { MultusLanguageServer } from '../languageServer';
import { readSettings } from '../settings';

/** What every cluster command works with; built once in registerClusterFeatures. */
export interface ClusterDeps {
  readonly kubeContext: KubeContextStatus;
  /** Started before a cluster document opens, so that it gets diagnostics. */
  readonly server: MultusLanguageServer;
  /** The "Multus: Cluster" output channel: plans, progress, explanations (always redacted). */
  readonly output: vscode.OutputChannel;
}

/** Cluster commands refuse to run in a restricted workspace (package.json also disables them there). */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Multus: ${what} is off in a restricted workspace: it talks to a cluster and may run the kubeconfig's credential plugin.`,
  );
  return false;
}

/** One session plus the redactor of its user's secrets: every line shown or logged goes through `log`/`fail`. */
export class ClusterConnection {
  readonly redact: Redactor;

  constructor(
    readonly session: ClusterSession,
    private readonly output: vscode.OutputChannel,
  ) {
    this.redact = redactor(session.target.secrets);
  }

  log(...lines: string[]): void {
    for (const line of lines) this.output.appendLine(this.redact(line));
  }
}

/**
 * Opens a session on the context picked in the status bar (else the kubeconfig's current one), or on
 * `context` when given. The kubeconfig setting is machine-scoped and read only in a trusted workspace;
 * exec credential plugins run only there too. Throws a ClusterError ("config") when nothing resolves.
 */
export function connect(deps: ClusterDeps, context?: string): ClusterConnection {
  const kubeconfig = readSettings().kubeconfig;
  const session = openSession({
    ...(kubeconfig ? { paths: [kubeconfig] } : {}),
    context: context ?? deps.kubeContext.target()?.name,
    allowExecPlugins: vscode.workspace.isTrusted,
    onRetry: (n) => {
      const why = n.error.status ? `${n.error.status} ${n.error.message}` : n.error.message;
      // Requests (and so retries) start after connect() returns, once `connection` exists.
      connection.log(`retrying ${n.method} ${n.path} in ${n.delayMs} ms (attempt ${n.attempt + 1} of ${n.of}): ${why}`);
    },
  });
  const connection = new ClusterConnection(session, deps.output);
  return connection;
}

// kube/explain.ts words the next step of a kubeconfig problem for the CLI (its flags); here the
// user changes a setting or picks a context, and the message's buttons lead there.
const EDITOR_CONFIG_NEXT =
  'fix the kubeconfig, set multusNad.kubeconfig to another file, or pick another context (Open Settings, Pick Context)';

function isKubeconfigProblem(error: unknown): boolean {
  return error instanceof ClusterError && error.kind === 'config';
}

/** The explanation of a failure (object, HTTP status, server message, next step) as redacted lines. */
export function explanationLines(error: unknown, connection: ClusterConnection | undefined, action: string): string[] {
  const explanation = explain(error, { target: connection?.session.target, action });
  const worded = isKubeconfigProblem(error) ? { ...explanation, next: EDITOR_CONFIG_NEXT } : explanation;
  const lines = formatExplanation(worded);
  return connection ? lines.map(connection.redact) : lines;
}

/**
 * Logs the explanation and shows it in a modal (not awaited: a command must end even when nobody is
 * there to close it). `after` adds lines such as what a failed apply left on the cluster.
 */
export function showFailure(
  deps: ClusterDeps,
  error: unknown,
  connection: ClusterConnection | undefined,
  action: string,
  after: readonly string[] = [],
): void {
  const redact = connection?.redact ?? ((text: string) => text);
  const lines = [...explanationLines(error, connection, action), ...after.map(redact)];
  for (const line of lines) deps.output.appendLine(line);
  const buttons = isKubeconfigProblem(error) ? ['Open Settings', 'Pick Context'] : [];
  void vscode.window
    .showErrorMessage(
      `Multus: ${lines[0].replace(/^error: /, '')}`,
      { modal: true, detail: lines.slice(1).join('\n') },
      ...buttons,
    )
    .then((choice) => {
      if (choice === 'Open Settings') void openKubeconfigSetting();
      if (choice === 'Pick Context') void vscode.commands.executeCommand('multusNad.switchKubeContext');
    });
}

/** Resolves with the task's value, or undefined as soon as the user cancels (the task may still finish). */
export function unlessCancelled<T>(task: Promise<T>, token: vscode.CancellationToken): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const listener = token.onCancellationRequested(() => resolve(undefined));
    if (token.isCancellationRequested) resolve(undefined);
    task.then(resolve, reject).finally(() => listener.dispose());
  });
}
