import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import {
  applyRuleSettings,
  CLUSTER_MODEL_FILE,
  applySuppressions,
  hasSuppressionComments,
  ignoredBy,
  readHelmTemplate,
  readRepositoryConfig,
  REPOSITORY_CONFIG_FILE,
  templateFindings,
  type EngineDiagnostic,
  type HelmTemplate,
  type RepositoryConfig,
  type Severity,
} from '../../../engine';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { ManifestModel } from './documents';

/** What the folders above a file say about it: the nearest .multus-nad.yaml and whether it lies in a Helm chart. */
export interface FolderFacts {
  readonly config?: { readonly uri: string; readonly folderUri: string; readonly config: RepositoryConfig };
  readonly inChart: boolean;
  /** The nearest cluster.yaml in the folder or above it (README "Which cluster model"); DocumentClusters reads it. */
  readonly clusterFile?: string;
}

const SEVERITY_OF: Record<DiagnosticSeverity, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};
const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The repository conventions the CLI applies, for the editor: Helm templates read with their
 * actions as placeholders, inline suppressions, and the nearest `.multus-nad.yaml` (rule
 * settings, ignore globs), per file, whatever workspace folder it is in. Folder facts are read
 * once per folder (asynchronously, through the runtime's file reading; a folder's facts build on
 * its parent's) and forgotten when a config or a Chart.yaml changes.
 */
export class RepositoryConventions {
  private readonly facts = new Map<string, FolderFacts>();
  private readonly reading = new Map<string, Promise<FolderFacts>>();
  /** Bumped by `forget`, so a read begun before it does not store stale facts. */
  private generation = 0;

  constructor(
    private readonly readFile: (uri: string) => Promise<string | undefined>,
    private readonly log: (message: string) => void,
  ) {}

  /** The facts of a file's folder once read; undefined until `load` has finished for it. */
  known(uri: string): FolderFacts | undefined {
    return this.facts.get(parentOf(uri));
  }

  /** True for a file on disk whose folder facts are not read yet. */
  needsLoad(uri: string): boolean {
    return uri.startsWith('file:') && !this.facts.has(parentOf(uri));
  }

  /** Reads the facts of a file's folder (once; a failure reads as no config, no chart, and is logged). */
  async load(uri: string): Promise<void> {
    if (this.needsLoad(uri)) await this.factsOf(parentOf(uri));
  }

  /** A config or a Chart.yaml changed: read every folder's facts again. */
  forget(changedUri: string): boolean {
    const name = changedUri.slice(changedUri.lastIndexOf('/') + 1);
    if (name !== REPOSITORY_CONFIG_FILE && name !== 'Chart.yaml' && name !== CLUSTER_MODEL_FILE) return false;
    this.facts.clear();
    this.reading.clear();
    this.generation++;
    return true;
  }

  /** A document was closed: its template reading is not kept. */
  release(uri: string): void {
    this.templates.delete(uri);
  }

  /** The `ignore` glob of its nearest config that matches a file (known facts only), as `check` skips it. */
  ignoredBy(uri: string): string | undefined {
    const config = this.known(uri)?.config;
    return config && ignoredBy(config.config, relativeTo(config.folderUri, uri));
  }

  /** The text the engine analyses: a Helm template's actions become placeholders of the same length. */
  analysedText(uri: string, text: string): string {
    return this.template(uri, text)?.text ?? text;
  }

  /**
   * A file's diagnostics after the conventions: none for an ignored file; a template's findings
   * without those on actions, plus its note; suppressed ones removed; the config's rule settings.
   */
  apply(uri: string, text: string, model: ManifestModel, diagnostics: readonly Diagnostic[]): Diagnostic[] {
    if (this.ignoredBy(uri)) return [];
    const config = this.known(uri)?.config;
    const template = this.template(uri, text);
    // Nothing to apply (most files): the diagnostics go out as they are, not converted twice per edit.
    if (!config && !template && !hasSuppressionComments(model.text)) return [...diagnostics];
    let findings = diagnostics.map((d) => toEngine(uri, model, d));
    if (template) findings = templateFindings(uri, template, findings);
    findings = applySuppressions(uri, model.text, findings);
    if (config) findings = applyRuleSettings(findings, config.config.rules);
    return findings.map((d) => toLsp(model, d));
  }

  /** The template reading of each file's last text: each validation slice of a large file asks again for the same text. */
  private readonly templates = new Map<string, { text: string; inChart: boolean; template?: HelmTemplate }>();

  private template(uri: string, text: string): HelmTemplate | undefined {
    const inChart = this.known(uri)?.inChart ?? false;
    const last = this.templates.get(uri);
    if (last && last.text === text && last.inChart === inChart) return last.template;
    const template = readHelmTemplate(text, inChart);
    this.templates.set(uri, { text, inChart, template });
    return template;
  }

  private factsOf(folder: string): Promise<FolderFacts> {
    let reading = this.reading.get(folder);
    if (!reading) {
      const generation = this.generation;
      reading = this.readFacts(folder)
        .catch((error: unknown): FolderFacts => {
          this.log(`reading ${REPOSITORY_CONFIG_FILE} above ${folder} failed: ${String(error)}`);
          return { inChart: false };
        })
        .then((facts) => {
          if (generation === this.generation) this.facts.set(folder, facts);
          return facts;
        });
      this.reading.set(folder, reading);
    }
    return reading;
  }

  /** A folder's own config and Chart.yaml, else its parent's facts, up to the repository root (as the CLI looks). */
  private async readFacts(folder: string): Promise<FolderFacts> {
    // Read together: a file's first diagnostics wait for these five reads in every folder above it.
    const [chart, config, gitHead, gitFile, ownCluster] = await Promise.all([
      this.readFile(`${folder}/Chart.yaml`),
      this.readConfig(folder),
      this.readFile(`${folder}/.git/HEAD`),
      this.readFile(`${folder}/.git`),
      this.readFile(`${folder}/${CLUSTER_MODEL_FILE}`),
    ]);
    const inChart = chart !== undefined;
    const repositoryRoot = gitHead !== undefined || gitFile !== undefined;
    const parent = parentFolder(folder);
    const above: FolderFacts = repositoryRoot || !parent ? { inChart: false } : await this.factsOf(parent);
    const clusterFile = ownCluster !== undefined ? `${folder}/${CLUSTER_MODEL_FILE}` : above.clusterFile;
    return {
      config: config ?? above.config,
      inChart: inChart || above.inChart,
      ...(clusterFile ? { clusterFile } : {}),
    };
  }

  private async readConfig(folder: string): Promise<FolderFacts['config']> {
    const uri = `${folder}/${REPOSITORY_CONFIG_FILE}`;
    const text = await this.readFile(uri);
    if (text === undefined) return undefined;
    const config = readRepositoryConfig(text);
    if (!('error' in config)) return { uri, folderUri: folder, config };
    this.log(`${uri}: ${config.error}; the file is not used`);
    return undefined;
  }
}

function parentOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

/** The folder above a `file:` folder URI, or undefined at the root. */
function parentFolder(folder: string): string | undefined {
  const parent = parentOf(folder);
  return parent.length >= 'file://'.length && parent !== folder ? parent : undefined;
}

function relativeTo(folderUri: string, uri: string): string {
  return decodeURIComponent(uri.slice(folderUri.length + 1));
}

function toEngine(uri: string, model: ManifestModel, d: Diagnostic): EngineDiagnostic {
  return {
    file: uri,
    range: [model.offsetAt(d.range.start), model.offsetAt(d.range.end)],
    severity: SEVERITY_OF[d.severity ?? DiagnosticSeverity.Error],
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    ...(d.data ? { data: d.data as Record<string, unknown> } : {}),
  };
}

function toLsp(model: ManifestModel, d: EngineDiagnostic): Diagnostic {
  return {
    range: { start: model.positionAt(d.range[0]), end: model.positionAt(d.range[1]) },
    severity: LSP_SEVERITY[d.severity],
    source: DIAGNOSTIC_SOURCE,
    code: d.code,
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
  };
}
