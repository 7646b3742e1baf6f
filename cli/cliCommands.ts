// The `deploy` and `apply` subcommands of the multus-nad CLI (cli/main.ts registers them). Their logic
// lives in deployCommand.ts; here only flags, the terminal prompt, and the exit code.
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_THICK_MEMORY_LIMIT } from '../kube';
import { runApply, runDeploy, type CliIO } from './deployCommand';
import { runUndeploy } from './undeployCommand';
import { runLivePreview, runSnapshot, type LivePreviewOptions } from './snapshotCommand';

function terminalIO(): CliIO {
  const io: CliIO = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  if (process.stdin.isTTY) {
    io.confirm = async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
      } finally {
        rl.close();
      }
    };
  }
  return io;
}

/** A Kubernetes memory quantity (128Mi, 1Gi, 500M) or "none". */
function quantity(value: string): string {
  if (value === 'none' || /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(value)) return value;
  throw new InvalidArgumentError('expected a memory quantity such as 256Mi or 1Gi, or "none"');
}

/** Multus refuses a connectionLimit <= 0 at start (cmd/multus-daemon/main.go). */
function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number greater than 0');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

/** Sets the exit code once the command's promise settles (commander's sync parse returns before that). */
function finish(run: Promise<number>): void {
  run.then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`multus-nad: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}

function clusterOptions(command: Command): Command {
  return command
    .option('--context <name>', 'kubeconfig context to use (naming it counts as confirmation)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--dry-run', 'show what would change (server-side dry run) and change nothing')
    .option('-y, --yes', 'do not ask before changing the current context')
    .option('--force-conflicts', 'take over fields that another field manager owns')
    .option('--request-timeout <seconds>', 'deadline for each API request', seconds);
}

export function registerClusterCommands(program: Command): void {
  clusterOptions(
    program
      .command('deploy')
      .description('install Multus (server-side apply of pinned manifests) and watch its DaemonSet roll out'),
  )
    .addOption(new Option('--flavor <flavor>', 'Multus plugin flavour').choices(['thin', 'thick']).default('thick'))
    .option('--with-flannel', 'also install flannel as the default network (bare lab clusters)')
    .option('--image <ref>', 'Multus image to deploy instead of the pinned release (mirrors, air-gapped registries)')
    .option('--registry <host>', 'pull every pinned image from this registry instead')
    .option(
      '--memory-limit <quantity>',
      `thick daemon memory limit, or "none" (default ${DEFAULT_THICK_MEMORY_LIMIT}; upstream's 50Mi OOM-loops on busy nodes)`,
      quantity,
    )
    .option(
      '--connection-limit <n>',
      'thick daemon connectionLimit: CNI requests served at once (default: unlimited)',
      count,
    )
    .option('--timeout <seconds>', 'how long to wait for each rollout', seconds, 300)
    .action((options) => finish(runDeploy(options, terminalIO())));

  program
    .command('undeploy')
    .description('remove what deploy applied (dry run first); NetworkAttachmentDefinitions stay unless --purge')
    .option('--context <name>', 'kubeconfig context to use (naming it counts as confirmation)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--dry-run', 'show what would be deleted (server-side dry run) and change nothing')
    .option('-y, --yes', 'do not ask before changing the current context')
    .option('--purge', 'also delete the NAD CRD, and with it every NetworkAttachmentDefinition')
    .option('--timeout <seconds>', "how long to wait for each DaemonSet's pods to go", seconds, 300)
    .option('--request-timeout <seconds>', 'deadline for each API request', seconds)
    .action((options) => finish(runUndeploy(options, terminalIO())));

  clusterOptions(
    program
      .command('apply')
      .description('apply the NetworkAttachmentDefinitions in FILEs (server-side apply, with a dry run first)')
      .argument('<files...>', 'YAML files with NetworkAttachmentDefinitions'),
  )
    .option('-n, --namespace <ns>', 'namespace for NADs that name none (default: the context namespace)')
    .action((files: string[], options) => finish(runApply({ ...options, files }, terminalIO())));
}

/** `multus-nad cluster snapshot`: list/get only, so no confirmation is asked. */
export function registerSnapshotCommand(program: Command): void {
  program
    .command('cluster')
    .description('read a live cluster')
    .command('snapshot')
    .description('print the cluster model (nodes, default network, NADs, taken addresses) of a live context as YAML')
    .option('--context <name>', 'kubeconfig context to read (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
    .option('-n, --namespace <ns>', 'read only the pods and NADs of this namespace')
    .option('-A, --all-namespaces', 'read the pods and NADs of every namespace (the default)')
    .option('--request-timeout <seconds>', 'deadline for each API request', seconds)
    .action((options) => finish(runSnapshot(options, terminalIO())));
}

/** `multus-nad preview --from-cluster`: the preview on a snapshot of the context, taken in memory. */
export function livePreview(paths: string[], options: LivePreviewOptions): void {
  finish(runLivePreview(paths, options, terminalIO()));
}
