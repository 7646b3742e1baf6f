import * as vscode from 'vscode';
import {
  applyPlan,
  installManifests,
  nodeReadinessOrForbidden,
  planDeploy,
  planLines,
  watchRollout,
  type DeployPlan,
  type Install,
  type MultusFlavor,
  type NodeReadiness,
  type RolloutProgress,
  type RolloutResult,
  partialApplyLines,
} from '../../../kube';
import {
  connect,
  requireTrust,
  showFailure,
  unlessCancelled,
  type ClusterConnection,
  type ClusterDeps,
} from './clusterAccess';
import {
  confirmationDetail,
  conflictLines,
  conflictManagers,
  hasConflicts,
  nodesLine,
  rolloutMessage,
  rolloutNodeLines,
  rolloutReport,
  targetLines,
} from './planReport';
import { applyStepwise, type StepwiseOutcome } from './stepwiseApply';

interface DeploySettings {
  image?: string;
  registry?: string;
  memoryLimit?: string;
  connectionLimit?: number;
  rolloutTimeoutMs: number;
}

// image and registry are machine-scoped (a workspace must not choose what runs privileged on every node).
function deploySettings(): DeploySettings {
  const config = vscode.workspace.getConfiguration('multusNad.deploy');
  const text = (key: string) => config.get<string>(key, '').trim() || undefined;
  return {
    image: text('image'),
    registry: text('registry'),
    memoryLimit: text('memoryLimit'),
    connectionLimit: config.get<number>('connectionLimit', 0) || undefined,
    rolloutTimeoutMs: Math.max(10, config.get<number>('rolloutTimeoutSeconds', 300)) * 1000,
  };
}

async function pickInstall(settings: DeploySettings, context: string): Promise<Install | undefined> {
  const flavor = await vscode.window.showQuickPick(
    [
      {
        label: 'thick' as MultusFlavor,
        description: 'recommended',
        detail: 'a multus daemon on each node and a thin shim binary (the seed lab deploys this one)',
      },
      { label: 'thin' as MultusFlavor, detail: 'the multus binary only, configured by a file the DaemonSet writes' },
    ],
    { title: `Multus: Deploy to Cluster "${context}" (1/2): flavour`, ignoreFocusOut: true },
  );
  if (!flavor) return undefined;
  const flannel = await vscode.window.showQuickPick(
    [
      { label: 'Multus only', detail: 'the cluster already has a pod network (its default CNI)', withFlannel: false },
      {
        label: 'Multus + flannel',
        detail: 'a bare lab cluster without a pod network: flannel becomes the default network (10.244.0.0/16)',
        withFlannel: true,
      },
    ],
    { title: `Multus: Deploy to Cluster "${context}" (2/2): default network`, ignoreFocusOut: true },
  );
  if (!flannel) return undefined;
  return installManifests({
    flavor: flavor.label,
    withFlannel: flannel.withFlannel,
    ...(settings.image ? { image: settings.image } : {}),
    ...(settings.registry ? { registry: settings.registry } : {}),
    ...(flavor.label === 'thick'
      ? { memoryLimit: settings.memoryLimit, connectionLimit: settings.connectionLimit }
      : {}),
  });
}

/** The target lines of every deploy message: Multus itself always goes to kube-system. */
function deployTarget(connection: ClusterConnection, install: Install): string[] {
  const { target } = connection.session;
  return [
    ...targetLines(target, `${target.namespace} (Multus itself goes to kube-system)`),
    `Install:     ${install.summary}`,
  ];
}

async function planWithProgress(
  connection: ClusterConnection,
  install: Install,
  force: boolean,
): Promise<{ plan: DeployPlan; nodes: NodeReadiness[] | Error } | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Multus: server-side dry run', cancellable: true },
    async (progress, token) => {
      progress.report({ message: `asking ${connection.session.target.server}` });
      const nodes = await unlessCancelled(nodeReadinessOrForbidden(connection.session), token);
      if (nodes === undefined) return undefined;
      const plan = await unlessCancelled(planDeploy(connection.session, install, { force, nodes }), token);
      return plan && { plan, nodes };
    },
  );
}

/** When another manager owns fields: report them, and take them over only when the user asks. */
async function askToForce(connection: ClusterConnection, plan: DeployPlan): Promise<boolean> {
  const managers = conflictManagers(plan.items)
    .map((m) => `"${m}"`)
    .join(', ');
  const detail = [
    ...conflictLines(plan.items),
    '',
    'next: change these fields with the tool that owns them, or take them over with "Force" (the plan is shown again before anything changes).',
  ].join('\n');
  connection.log(`Conflicts with field manager ${managers}: nothing was changed.`, ...conflictLines(plan.items));
  const choice = await vscode.window.showErrorMessage(
    `Multus: the deploy would change fields that field manager ${managers} owns; nothing was changed.`,
    { modal: true, detail: connection.redact(detail) },
    'Force…',
  );
  return choice === 'Force…';
}

interface ApplyAndWatch {
  outcome: StepwiseOutcome;
  rollouts: RolloutResult[];
  /** The user stopped watching the rollout (what was applied stays). */
  stoppedWatching: boolean;
  /** Watching a rollout failed after the apply succeeded. */
  watchError?: unknown;
}

async function applyAndWatch(
  connection: ClusterConnection,
  plan: DeployPlan,
  force: boolean,
  timeoutMs: number,
): Promise<ApplyAndWatch> {
  const { session } = connection;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Multus: deploying', cancellable: true },
    async (progress, token) => {
      const toSend = plan.items.filter((i) => i.action !== 'unchanged').length;
      const outcome = await applyStepwise(
        plan.items,
        (item) => {
          progress.report({ message: `applying ${item.description}` });
          return applyPlan(session, [item], {
            force,
            onApplied: (a) => {
              connection.log(`${a.action} ${a.description}`);
              progress.report({ increment: 50 / Math.max(1, toSend) });
            },
            onStep: (step) => {
              connection.log(`${step}...`);
              progress.report({ message: step });
            },
          });
        },
        () => token.isCancellationRequested,
      );
      const rollouts: RolloutResult[] = [];
      if (outcome.failed || outcome.cancelled) return { outcome, rollouts, stoppedWatching: false };
      const seen = new Map<string, string>();
      const report = (p: RolloutProgress) => {
        if (token.isCancellationRequested) return;
        progress.report({ message: rolloutMessage(p) });
        for (const line of [`${p.daemonSet}: ${p.status.message}`, ...rolloutNodeLines(p)]) {
          const key = `${p.daemonSet} ${line.split(':')[0]}`;
          if (seen.get(key) !== line) connection.log(line);
          seen.set(key, line);
        }
      };
      for (const ds of plan.install.daemonSets) {
        connection.log(`watching the rollout of DaemonSet ${ds.namespace}/${ds.name}...`);
        const watched = watchRollout(session, ds.namespace, ds.name, { timeoutMs, onProgress: report });
        let result;
        try {
          result = await unlessCancelled(watched, token);
        } catch (watchError) {
          return { outcome, rollouts, stoppedWatching: false, watchError };
        }
        if (!result) return { outcome, rollouts, stoppedWatching: true };
        rollouts.push(result);
        progress.report({ increment: 50 / plan.install.daemonSets.length });
      }
      return { outcome, rollouts, stoppedWatching: false };
    },
  );
}

/**
 * "Multus: Deploy to Cluster": flavor and flannel, then a server-side dry run shown with the context,
 * cluster URL and namespace in a modal; then the apply (namespaces, the CRD waited to Established, the
 * rest) and each DaemonSet's rollout watched per node, cancellable, with a timeout. Conflicts are
 * forced only when the user asks. True when Multus ends up rolled out.
 */
export async function deployToCluster(deps: ClusterDeps): Promise<boolean> {
  if (!requireTrust('deploying Multus')) return false;
  if (!(await deps.kubeContext.requireAccess('Deploy to Cluster'))) return false;
  let connection: ClusterConnection | undefined;
  let action = 'plan the deploy';
  try {
    const settings = deploySettings();
    connection = connect(deps);
    const install = await pickInstall(settings, connection.session.target.context);
    if (!install) return false;
    const header = deployTarget(connection, install);
    connection.log('', `Multus: Deploy to Cluster (${new Date().toISOString()})`, ...header);
    let force = false;
    let planned = await planWithProgress(connection, install, force);
    if (!planned) return false;
    if (hasConflicts(planned.plan.items)) {
      if (!(await askToForce(connection, planned.plan))) return false;
      force = true;
      planned = await planWithProgress(connection, install, force);
      if (!planned) return false;
    }
    const { plan, nodes } = planned;
    const fieldManager = connection.session.fieldManager;
    connection.log(nodesLine(nodes), ...planLines(plan.items, fieldManager));
    deps.output.show(true);
    if (plan.upToDate) {
      connection.log(`Nothing to change: ${install.summary} is already applied. Checking the rollout.`);
    } else {
      const verb = force ? 'Deploy and Take Over Fields' : 'Deploy';
      const go = await vscode.window.showWarningMessage(
        `Deploy ${install.summary} to context "${connection.session.target.context}"?`,
        {
          modal: true,
          detail: connection.redact(confirmationDetail([...header, nodesLine(nodes)], plan.items, fieldManager)),
        },
        verb,
      );
      if (go !== verb) {
        connection.log('Cancelled: nothing was changed.');
        return false;
      }
    }
    action = 'deploy';
    const done = await applyAndWatch(connection, plan, force, settings.rolloutTimeoutMs);
    return await reportDeploy(deps, connection, install, plan, done);
  } catch (error) {
    showFailure(deps, error, connection, action);
    return false;
  }
}

async function reportDeploy(
  deps: ClusterDeps,
  connection: ClusterConnection,
  install: Install,
  plan: DeployPlan,
  done: ApplyAndWatch,
): Promise<boolean> {
  const { outcome, rollouts } = done;
  if (outcome.failed) {
    showFailure(deps, outcome.failed.error, connection, 'deploy', partialApplyLines(outcome, 'deploy'));
    return false;
  }
  if (outcome.cancelled) {
    const lines = partialApplyLines(outcome, 'deploy');
    connection.log('Cancelled.', ...lines);
    void vscode.window.showWarningMessage('Multus: deploy cancelled.', {
      modal: true,
      detail: connection.redact(lines.join('\n')),
    });
    return false;
  }
  if (done.watchError !== undefined) {
    const applied = outcome.applied.length > 0 ? partialApplyLines(outcome, 'deploy').slice(0, 1) : [];
    showFailure(deps, done.watchError, connection, 'watch the rollout', [
      ...applied,
      'Everything planned was applied; only the rollout could not be watched. Deploy again to watch it.',
    ]);
    return false;
  }
  if (done.stoppedWatching) {
    const message = 'stopped watching the rollout; what was applied stays on the cluster. Deploy again to watch it.';
    connection.log(message);
    void vscode.window.showWarningMessage(`Multus: ${message}`);
    return false;
  }
  const reports = rollouts.map(rolloutReport);
  for (const report of reports) connection.log(...report.lines);
  const nodesAfter = await nodeReadinessOrForbidden(connection.session).catch((e: unknown) => e as Error);
  connection.log(nodesLine(nodesAfter));
  const failed = reports.find((r) => !r.ok);
  if (failed) {
    void vscode.window.showErrorMessage(`Multus: ${connection.redact(failed.lines[0])}`, {
      modal: true,
      detail: connection.redact([...failed.lines.slice(1), nodesLine(nodesAfter)].join('\n')),
    });
    return false;
  }
  const first = plan.upToDate
    ? `Nothing to change: ${install.summary} is already applied`
    : `Deployed ${install.summary}`;
  const rolled = reports.flatMap((r) => r.lines).join('; ');
  void vscode.window.showInformationMessage(
    connection.redact(`Multus: ${first}. ${rolled}. ${nodesLine(nodesAfter).replace(/\s+/g, ' ')}`),
  );
  return true;
}
