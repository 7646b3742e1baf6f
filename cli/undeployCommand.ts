// `multus-nad undeploy`: removes what `deploy` applied, with deploy's safety -- the target shown, a plan from a
// server-side dry run, confirmation (--yes or --context), then the deletes one by one and the DaemonSets' pods
// waited away on every node. NetworkAttachmentDefinitions stay unless --purge. Exit codes as deploy's.
import { executeUndeploy, planUndeploy, undeployLines, type RemainingPod, type ClusterSession } from '../kube';
import {
  confirmed,
  open,
  printTarget,
  Printer,
  reportFailure,
  type CliIO,
  type CliRuntime,
  type ClusterCliOptions,
} from './deployCommand';

export interface UndeployCliOptions extends Omit<ClusterCliOptions, 'forceConflicts'> {
  /** Also delete the NAD CRD, and with it every NetworkAttachmentDefinition. */
  purge?: boolean;
  /** Seconds to wait for each DaemonSet's pods to go. */
  timeout?: number;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function podsLine(pods: RemainingPod[]): string {
  return pods.length ? pods.map((p) => `${p.node}: ${p.pod}`).join(', ') : 'none';
}

export async function runUndeploy(options: UndeployCliOptions, io: CliIO, runtime: CliRuntime = {}): Promise<number> {
  const printer = new Printer(io);
  let session: ClusterSession | undefined;
  try {
    session = open(options, runtime, printer);
    const keep = options.purge
      ? 'nothing: --purge deletes the NAD CRD and every NetworkAttachmentDefinition'
      : 'the NAD CRD and every NetworkAttachmentDefinition';
    printTarget(session, printer, [
      ['Remove', `what multus-nad deploy applied (field manager "${session.fieldManager}")`],
      ['Keep', keep],
    ]);
    const items = await planUndeploy(session, { purge: options.purge });
    for (const line of undeployLines(items)) printer.out(line);
    if (options.dryRun) {
      printer.out('Dry run: nothing was changed.');
      return EXIT_OK;
    }
    const count = items.filter((i) => i.action === 'delete').length;
    if (count === 0) {
      printer.out('Nothing to remove: no object multus-nad deploy applied is on this cluster.');
      return EXIT_OK;
    }
    if (!(await confirmed(session, options, io, printer, `Delete ${count} object(s)`))) return EXIT_USAGE;
    const outcome = await executeUndeploy(session, items, {
      timeoutMs: (options.timeout ?? 300) * 1000,
      onDeleted: (item) => printer.out(`deleted ${item.description}`),
      onPodsLeft: (ds, pods) => printer.out(`  ${ds}: pods left ${podsLine(pods)}`),
    });
    if (outcome.failed) {
      reportFailure(outcome.failed.error, printer, session, 'undeploy');
      const names = (list: { description: string }[]) => list.map((i) => i.description).join(', ') || 'none';
      printer.err(`Deleted before the failure: ${names(outcome.deleted)}`);
      printer.err(`Not deleted: ${outcome.failed.item.description}`);
      printer.err(`Not attempted: ${names(outcome.notAttempted)}`);
      printer.err('Run `multus-nad undeploy` again to finish (objects already gone are skipped).');
      return EXIT_FAILED;
    }
    for (const left of outcome.podsLeft) {
      printer.err(`error: pods of ${left.daemonSet} are still on their nodes: ${podsLine(left.pods)}`);
      printer.err('  next: kubectl -n <namespace> describe pod <pod> (a node that does not answer keeps its pods)');
    }
    if (outcome.podsLeft.length) return EXIT_FAILED;
    printer.out(`Removed ${outcome.deleted.length} object(s); every DaemonSet pod is gone.`);
    return EXIT_OK;
  } catch (e) {
    return reportFailure(e, printer, session, options.dryRun ? 'plan the undeploy' : 'undeploy');
  }
}
