// `multus-nad cluster snapshot` (the cluster model YAML of a live context) and `multus-nad preview --from-cluster`
// (the same snapshot held in memory, then the preview on it). Both only list and get; every line is redacted.
import { stringify } from 'yaml';
import { readClusterDocument } from '../engine';
import { takeSnapshot, type ClusterSession, type SnapshotDocument } from '../kube';
import { open, Printer, reportFailure, type CliIO, type CliRuntime, type ClusterCliOptions } from './deployCommand';
import { CliInputError } from './manifestFiles';
import { previewOn, readPreviewFiles, type PreviewFormat } from './previewCommand';

export interface SnapshotCliOptions extends Pick<ClusterCliOptions, 'context' | 'kubeconfig' | 'requestTimeout'> {
  namespace?: string;
  allNamespaces?: boolean;
}

const EXIT_USAGE = 2;

async function snapshotOf(
  options: SnapshotCliOptions,
  io: CliIO,
  runtime: CliRuntime,
): Promise<{ document: SnapshotDocument; printer: Printer; session: ClusterSession }> {
  const printer = new Printer(io);
  const session = open(options, runtime, printer);
  const document = await takeSnapshot(session, { namespace: options.allNamespaces ? undefined : options.namespace });
  return { document, printer, session };
}

/** The snapshot as YAML on stdout; its notes (approximations, what could not be read) also on stderr. */
export async function runSnapshot(options: SnapshotCliOptions, io: CliIO, runtime: CliRuntime = {}): Promise<number> {
  if (options.namespace && options.allNamespaces) {
    io.err('multus-nad: --namespace and --all-namespaces exclude each other');
    return EXIT_USAGE;
  }
  let printer = new Printer(io);
  let session: ClusterSession | undefined;
  try {
    const taken = await snapshotOf(options, io, runtime);
    ({ printer, session } = taken);
    const header = `# multus-nad cluster snapshot of context "${taken.document.source.context}" (cluster model, README "Cluster model file")`;
    for (const line of `${header}\n${stringify(taken.document, { lineWidth: 0 })}`.trimEnd().split('\n'))
      printer.out(line);
    for (const note of taken.document.notes) printer.err(`note: ${note}`);
    return 0;
  } catch (e) {
    return reportFailure(e, printer, session, 'read the cluster snapshot');
  }
}

export interface LivePreviewOptions extends SnapshotCliOptions {
  format: PreviewFormat;
  connectivity?: boolean;
}

/** `preview --from-cluster`: snapshot, then the preview on it with the cluster's NADs (the workspace's override). */
export async function runLivePreview(
  paths: readonly string[],
  options: LivePreviewOptions,
  io: CliIO,
  runtime: CliRuntime = {},
): Promise<number> {
  let printer = new Printer(io);
  let session: ClusterSession | undefined;
  try {
    const taken = await snapshotOf(options, io, runtime);
    ({ printer, session } = taken);
    const model = readClusterDocument(taken.document);
    if ('error' in model) {
      printer.err(`multus-nad: the cluster cannot be modelled: ${model.error}`);
      for (const note of taken.document.notes) printer.err(`note: ${note}`);
      return 1;
    }
    const lines = (text: string, to: (line: string) => void) => {
      for (const line of text.replace(/\n$/, '').split('\n')) to(line);
    };
    return previewOn(
      model,
      readPreviewFiles(paths),
      options,
      (text) => lines(text, (l) => printer.out(l)),
      (text) => lines(text, (l) => printer.err(l)),
    );
  } catch (e) {
    if (e instanceof CliInputError) {
      printer.err(`multus-nad: ${e.message}`);
      return EXIT_USAGE;
    }
    return reportFailure(e, printer, session, 'read the cluster for the preview');
  }
}
