import { Command, InvalidArgumentError, Option } from 'commander';
import { version } from '../package.json';
import { registerClusterCommands } from './cliCommands';
import { runCheck, type CheckFormat } from './checkCommand';
import { CliInputError } from './manifestFiles';
import { runPreview, type PreviewFormat } from './previewCommand';

/** Exit codes of the CLI contract (DESIGN.md): 0 fine, 1 problems found, 2 usage or I/O. */
const EXIT_USAGE = 2;

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
    .argument('<paths...>', 'YAML files or folders')
    .action((paths: string[], options: { format: CheckFormat }) => {
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
    .argument('<paths...>', 'YAML files or folders with NADs and pods')
    .action((paths: string[], options: { format: PreviewFormat; cluster?: string; connectivity?: boolean }) => {
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
