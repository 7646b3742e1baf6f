import { Command, InvalidArgumentError, Option } from 'commander';
import { version } from '../package.json';
import { livePreview, registerClusterCommands, registerSnapshotCommand } from './cliCommands';
import { runCheck, type CheckOptions } from './checkCommand';
import { CliInputError } from './manifestFiles';
import { runPreview, type PreviewFormat } from './previewCommand';

/** Exit codes of the CLI contract (ARCHITECTURE.md "CLI contract"): 0 fine, 1 problems found, 2 usage or I/O. */
const EXIT_USAGE = 2;

const CHECK_EXIT_CODES = `
Exit codes:
  0  no finding at or above --fail-on (default: error)
  1  at least one finding at or above --fail-on
  2  usage or I/O error (unreadable file, malformed .multus-nad.yaml)

Repository config: the nearest .multus-nad.yaml above each file (up to the folder with .git)
sets rule severities (or off), ignore globs, clusterModel and pluginVersion.
Suppress in YAML: # multus-nad-disable-next-line CODE  or, for the whole document,  # multus-nad-disable CODE`;

interface PreviewFlags {
  format: PreviewFormat;
  cluster?: string;
  connectivity?: boolean;
  fromCluster?: boolean;
  context?: string;
  kubeconfig?: string;
}

const PREVIEW_EXIT_CODES = `
Exit codes: 0 every pod previewed, 1 Multus would refuse a pod, 2 usage or I/O error.
Without --cluster, the clusterModel (and pluginVersion) of the nearest .multus-nad.yaml apply.`;

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('multus-nad')
    .description('Check Multus NetworkAttachmentDefinitions and preview the interfaces pods would get.')
    .version(version)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('check')
    .description('check NADs, their CNI config and pod network annotations; exit 1 when an error is found')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that fails the check (exit 1)')
        .choices(['error', 'warning', 'information'])
        .default('error'),
    )
    .option('--cluster <file>', 'cluster model YAML: which plugin binaries the nodes have (plugins, pluginVersion)')
    .option('-q, --quiet', 'print errors only (the exit code still follows --fail-on)')
    .option('--report-unused-suppressions', 'report multus-nad-disable comments that suppress nothing')
    .argument('<paths...>', 'YAML files or folders; - reads standard input (helm template . | multus-nad check -)')
    .addHelpText('after', CHECK_EXIT_CODES)
    .action((paths: string[], options: CheckOptions) => {
      setExit(
        runCheck(
          paths,
          options,
          (text) => process.stdout.write(text),
          (text) => process.stderr.write(text),
        ),
      );
    });

  program
    .command('preview')
    .description('preview the interfaces, addresses, routes and network-status of each pod')
    .addOption(
      new Option('--format <format>', 'output format (mermaid, dot: the connectivity picture)')
        .choices(['text', 'json', 'network-status', 'mermaid', 'dot'])
        .default('text'),
    )
    .option('--cluster <file>', 'cluster model YAML (nodes, interfaces, default network); default: the embedded one')
    .option('--connectivity', 'who reaches whom on each network (text table, or --format json|mermaid|dot)')
    .option('--from-cluster', "snapshot the live cluster (--context) and preview on it; its NADs join the workspace's")
    .option('--context <name>', 'with --from-cluster: the kubeconfig context (default: the current one)')
    .option('--kubeconfig <file>', 'with --from-cluster: kubeconfig file')
    .argument('<paths...>', 'YAML files or folders with NADs and pods; - reads standard input')
    .addHelpText('after', PREVIEW_EXIT_CODES)
    .action((paths: string[], options: PreviewFlags) => {
      if (options.fromCluster && options.cluster)
        throw new CliInputError('--cluster and --from-cluster exclude each other');
      if (!options.fromCluster && (options.context || options.kubeconfig))
        throw new CliInputError('--context and --kubeconfig choose the cluster of --from-cluster; add --from-cluster');
      if (options.fromCluster) livePreview(paths, options);
      else
        setExit(
          runPreview(
            paths,
            options,
            (text) => process.stdout.write(text),
            (text) => process.stderr.write(text),
          ),
        );
    });

  registerClusterCommands(program);
  registerSnapshotCommand(program);
  return program;
}

function main(argv: string[]): void {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CliInputError) {
      process.stderr.write(`multus-nad: ${error.message}\n`);
      exitCode = EXIT_USAGE;
    } else if (error instanceof InvalidArgumentError || (error as { code?: string }).code?.startsWith('commander.')) {
      const code = (error as { exitCode?: number }).exitCode ?? EXIT_USAGE;
      exitCode = code === 0 ? 0 : EXIT_USAGE;
    } else throw error;
  }
  process.exitCode = exitCode;
}

main(process.argv);
