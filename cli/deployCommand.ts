// `multus-nad deploy` and `multus-nad apply`: show the target, dry-run, confirm, apply, watch; every line the
// commands print goes through the secret redactor. Exit codes: 0 done (or nothing to do), 1 the cluster
// refused or failed, 2 usage (bad flags, no confirmation, unreadable files).
import { readFileSync } from 'node:fs';
import { readYamlObjects } from '../engine';
import {
  type PlanItem,
  applyPlan,
  executeDeploy,
  nodeReadinessOrForbidden,
  planDeploy,
  planLines,
  planObjects,
  type ApplyOutcome,
  ClusterError,
  explain,
  formatExplanation,
  installManifests,
  type MultusFlavor,
  isMultusInstalled,
  nadsToApply,
  partialApplyLines,
  readNad,
  type NodeReadiness,
  redactor,
  type NodeProgress,
  type RolloutProgress,
  type RolloutResult,
  openSession,
  type ClusterSession,
  type ClientOptions,
} from '../kube';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** Asks a yes/no question on a terminal; absent when stdin is not interactive. */
  confirm?(question: string): Promise<boolean>;
}

export interface ClusterCliOptions {
  context?: string;
  kubeconfig?: string;
  dryRun?: boolean;
  yes?: boolean;
  /** Take over fields other field managers own (server-side apply force). */
  forceConflicts?: boolean;
  /** Seconds for one API request. */
  requestTimeout?: number;
}

export interface DeployCliOptions extends ClusterCliOptions {
  flavor?: MultusFlavor;
  /** The thick daemon's memory limit (a quantity, or "none"). */
  memoryLimit?: string;
  /** The thick daemon's connectionLimit (Multus v4.3). */
  connectionLimit?: number;
  withFlannel?: boolean;
  image?: string;
  registry?: string;
  /** Seconds to wait for each DaemonSet rollout. */
  timeout?: number;
}

export interface ApplyCliOptions extends ClusterCliOptions {
  files: string[];
  namespace?: string;
}

/** What tests (and embedders) may inject: the environment (KUBECONFIG) and client tuning. */
export interface CliRuntime {
  env?: Record<string, string | undefined>;
  client?: ClientOptions;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Output that is redacted once the session (and so the user's secrets) is known. */
export class Printer {
  private redact = (text: string) => text;
  constructor(private readonly io: CliIO) {}
  useSecrets(secrets: string[]): void {
    this.redact = redactor(secrets);
  }
  out(line: string): void {
    this.io.out(this.redact(line));
  }
  err(line: string): void {
    this.io.err(this.redact(line));
  }
}

export function open(options: ClusterCliOptions, runtime: CliRuntime, printer: Printer): ClusterSession {
  const session = openSession({
    paths: options.kubeconfig ? [options.kubeconfig] : undefined,
    env: runtime.env,
    context: options.context,
    allowExecPlugins: true,
    ...runtime.client,
    requestTimeoutMs: options.requestTimeout ? options.requestTimeout * 1000 : runtime.client?.requestTimeoutMs,
    onRetry: (n) => {
      const why = n.error.status ? `${n.error.status} ${n.error.message}` : n.error.message;
      printer.err(`retrying ${n.method} ${n.path} in ${n.delayMs} ms (attempt ${n.attempt + 1} of ${n.of}): ${why}`);
    },
  });
  printer.useSecrets(session.target.secrets);
  return session;
}

export function printTarget(session: ClusterSession, printer: Printer, extra: [string, string][]): void {
  const t = session.target;
  printer.out(`Context:   ${t.context} (cluster ${t.cluster}, user ${t.user}, ${t.authKind})`);
  printer.out(`Server:    ${t.server}`);
  if (!t.tlsVerify)
    printer.out('Warning:   TLS verification is OFF for this cluster (insecure-skip-tls-verify in the kubeconfig)');
  for (const [label, value] of extra) printer.out(`${`${label}:`.padEnd(10)} ${value}`);
}

function nodesLine(nodes: NodeReadiness[] | ClusterError): string {
  if (nodes instanceof ClusterError) return `(cannot list nodes: ${nodes.message})`;
  if (nodes.length === 0) return 'none registered';
  return nodes.map((n) => `${n.name} ${n.status}`).join(', ');
}

function printPlan(items: PlanItem[], printer: Printer, fieldManager: string): void {
  for (const line of planLines(items, fieldManager)) printer.out(line);
}

function printConflictStop(items: PlanItem[], printer: Printer): void {
  const owners = [...new Set(items.flatMap((i) => i.conflicts.map((c) => `"${c.manager}"`)))].join(', ');
  printer.err(`error: conflicts with field manager ${owners}: nothing was changed`);
  printer.err('  next: change those fields with the tool that owns them, or take them over with --force-conflicts');
}

export async function confirmed(
  session: ClusterSession,
  options: ClusterCliOptions,
  io: CliIO,
  printer: Printer,
  what: string,
): Promise<boolean> {
  if (options.yes || options.context) return true;
  const t = session.target;
  if (io.confirm) return io.confirm(`${what} in context "${t.context}" (${t.server})? [y/N] `);
  printer.err(`error: refusing to change context "${t.context}" (${t.server}) without confirmation`);
  printer.err(`  next: pass --yes, or name the context explicitly with --context ${t.context}`);
  return false;
}

export function reportFailure(
  error: unknown,
  printer: Printer,
  session: ClusterSession | undefined,
  action: string,
): number {
  const e = explain(error, { target: session?.target, action });
  for (const line of formatExplanation(e)) printer.err(line);
  return error instanceof ClusterError && error.kind === 'config' ? EXIT_USAGE : EXIT_FAILED;
}

/** After a failed apply: exactly what is on the cluster now and what is not. */
function reportPartial(outcome: ApplyOutcome, printer: Printer, session: ClusterSession, rerun: string): void {
  const failed = outcome.failed;
  if (!failed) return;
  for (const line of formatExplanation(explain(failed.error, { target: session.target, action: 'apply' }))) {
    printer.err(line);
  }
  for (const line of partialApplyLines(outcome, `run \`${rerun}\``)) printer.err(line);
}

function nodeLine(n: NodeProgress): string {
  const state = n.ready ? 'Ready' : `not ready${n.waiting ? ` (${n.waiting})` : ''}`;
  return `${n.node}: pod ${n.pod} ${state}${n.updated ? '' : ' (old template)'}, image ${n.image ?? '?'}`;
}

/** Prints a rollout line only when it differs from the last one printed for that DaemonSet or node. */
function rolloutPrinter(printer: Printer): (p: RolloutProgress) => void {
  const last = new Map<string, string>();
  const once = (key: string, line: string) => {
    if (last.get(key) === line) return;
    last.set(key, line);
    printer.out(line);
  };
  return (p) => {
    once(p.daemonSet, `  ${p.daemonSet}: ${p.status.message}`);
    for (const n of p.nodes) once(`${p.daemonSet}/${n.node}`, `    ${nodeLine(n)}`);
  };
}

function reportRollout(r: RolloutResult, printer: Printer): boolean {
  const nodes = r.nodes.map((n) => n.node).join(', ');
  if (r.outcome === 'complete') {
    printer.out(
      `Rollout complete: DaemonSet ${r.daemonSet} on ${r.status.available} of ${r.status.desired} nodes (${nodes})`,
    );
    return true;
  }
  if (r.outcome === 'no-nodes') {
    printer.err(`error: DaemonSet ${r.daemonSet} has no node to run on (desired 0)`);
    printer.err('  next: register nodes, or check their taints and the DaemonSet tolerations (kubectl get nodes)');
    return false;
  }
  printer.err(`error: DaemonSet ${r.daemonSet} did not finish rolling out in time: ${r.status.message}`);
  for (const n of r.nodes.filter((x) => !x.ready || !x.updated)) printer.err(`  ${nodeLine(n)}`);
  printer.err(
    `  next: kubectl -n ${r.daemonSet.split('/')[0]} describe pod <pod> for the pods above (image pulls, crash loops), then run the command again`,
  );
  return false;
}

/** `multus-nad deploy`: Multus (and optionally flannel) to the chosen context. */
export async function runDeploy(options: DeployCliOptions, io: CliIO, runtime: CliRuntime = {}): Promise<number> {
  const printer = new Printer(io);
  let session: ClusterSession | undefined;
  try {
    const flavor = options.flavor ?? 'thick';
    if (flavor !== 'thick' && (options.memoryLimit !== undefined || options.connectionLimit !== undefined)) {
      printer.err('error: --memory-limit and --connection-limit tune the thick daemon; they need --flavor thick');
      return EXIT_USAGE;
    }
    session = open(options, runtime, printer);
    const install = installManifests({
      flavor,
      image: options.image,
      registry: options.registry,
      withFlannel: options.withFlannel,
      memoryLimit: options.memoryLimit,
      connectionLimit: options.connectionLimit,
    });
    printTarget(session, printer, [
      ['Namespace', `${session.target.namespace} (Multus itself goes to kube-system)`],
      ['Install', install.summary],
    ]);
    const nodes = await nodeReadinessOrForbidden(session);
    printer.out(`Nodes:     ${nodesLine(nodes)}`);
    const plan = await planDeploy(session, install, { force: options.forceConflicts, nodes });
    printPlan(plan.items, printer, session.fieldManager);
    const conflicted = plan.items.some((i) => i.action === 'conflict');
    if (options.dryRun) {
      printer.out('Dry run: nothing was changed.');
      return conflicted ? EXIT_FAILED : EXIT_OK;
    }
    if (conflicted) {
      printConflictStop(plan.items, printer);
      return EXIT_FAILED;
    }
    if (plan.upToDate) {
      printer.out(`Nothing to change: ${install.summary} is already applied. Checking the rollout.`);
    } else if (!(await confirmed(session, options, io, printer, `Deploy ${install.summary}`))) {
      return EXIT_USAGE;
    }
    const result = await executeDeploy(session, plan, {
      force: options.forceConflicts,
      rolloutTimeoutMs: (options.timeout ?? 300) * 1000,
      onApplied: (a) => printer.out(`${a.action} ${a.description}`),
      onStep: (s) => printer.out(`${s}...`),
      onRollout: rolloutPrinter(printer),
    });
    if (result.outcome.failed) {
      reportPartial(result.outcome, printer, session, 'multus-nad deploy');
      return EXIT_FAILED;
    }
    const rolledOut = result.rollouts.map((r) => reportRollout(r, printer)).every(Boolean);
    const nodesAfter = await nodeReadinessOrForbidden(session).catch(() => undefined);
    if (nodesAfter) printer.out(`Nodes:     ${nodesLine(nodesAfter)}`);
    return rolledOut ? EXIT_OK : EXIT_FAILED;
  } catch (e) {
    return reportFailure(e, printer, session, options.dryRun ? 'plan the deploy' : 'deploy');
  }
}

function readDocuments(files: string[]): unknown[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ClusterError({ kind: 'config', message: `${file}: ${(e as Error).message}` });
    }
    const read = readYamlObjects(text);
    if ('error' in read) throw new ClusterError({ kind: 'config', message: `${file}: ${read.error}` });
    return read.objects;
  });
}

/** `multus-nad apply FILE...`: the NetworkAttachmentDefinitions in FILEs, with the same safety as deploy. */
export async function runApply(options: ApplyCliOptions, io: CliIO, runtime: CliRuntime = {}): Promise<number> {
  const printer = new Printer(io);
  let session: ClusterSession | undefined;
  try {
    const documents = readDocuments(options.files);
    session = open(options, runtime, printer);
    const { nads, skipped } = nadsToApply(
      documents,
      options.namespace ?? session.target.namespace,
      options.namespace !== undefined,
    );
    printTarget(session, printer, [['Namespace', options.namespace ?? session.target.namespace]]);
    for (const s of skipped)
      printer.out(`skipping ${s}: only NetworkAttachmentDefinitions (k8s.cni.cncf.io/v1) are applied`);
    if (nads.length === 0) {
      printer.err('error: no NetworkAttachmentDefinition in the given files');
      return EXIT_USAGE;
    }
    if (!(await isMultusInstalled(session))) {
      printer.err('error: Multus is not installed on this cluster (the API group k8s.cni.cncf.io/v1 is not served)');
      printer.err('  next: install it first with `multus-nad deploy`, then apply again');
      return EXIT_FAILED;
    }
    const items = await planObjects(session, nads, { force: options.forceConflicts });
    printPlan(items, printer, session.fieldManager);
    const conflicted = items.some((i) => i.action === 'conflict');
    if (options.dryRun) {
      printer.out('Dry run: nothing was changed.');
      return conflicted ? EXIT_FAILED : EXIT_OK;
    }
    if (conflicted) {
      printConflictStop(items, printer);
      return EXIT_FAILED;
    }
    if (items.every((i) => i.action === 'unchanged')) {
      printer.out('Nothing to change: every NetworkAttachmentDefinition is already applied.');
      return EXIT_OK;
    }
    if (!(await confirmed(session, options, io, printer, `Apply ${nads.length} NetworkAttachmentDefinition(s)`)))
      return EXIT_USAGE;
    const outcome = await applyPlan(session, items, {
      force: options.forceConflicts,
      onApplied: (a) => printer.out(`${a.action} ${a.description}`),
    });
    if (outcome.failed) {
      reportPartial(outcome, printer, session, 'multus-nad apply');
      return EXIT_FAILED;
    }
    for (const applied of outcome.applied) {
      const back = await readNad(session, applied.object.metadata.namespace ?? '', applied.object.metadata.name);
      const config = (back?.spec as { config?: string } | undefined)?.config;
      printer.out(
        `read back ${applied.description}: ${back ? `spec.config ${config?.length ?? 0} characters` : 'NOT FOUND'}`,
      );
    }
    return EXIT_OK;
  } catch (e) {
    return reportFailure(e, printer, session, options.dryRun ? 'plan the apply' : 'apply');
  }
}
