import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import {
  applyRuleSettings,
  CLUSTER_MODEL_FILE,
  readClusterFile,
  type ClusterModel,
  applySuppressions,
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
  /** The nearest cluster.yaml in the folder or above it, read as a cluster model (README "Which cluster model"). */
  readonly clusterModel?: { readonly uri: string; readonly cluster: ClusterModel };
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
 * settings, ignore globs). Folder facts are read once per folder (asynchronously, through the
 * runtime's file reading) and forgotten when a config or a Chart.yaml changes.
 */
export class RepositoryConventions {
  private readonly facts = new Map<string, FolderFacts>();
  private readonly reading = new Map<string, Promise<FolderFacts>>();
  /** Cluster models by URI, so the folders under one cluster.yaml share one model (pods are grouped by it). */
  private readonly clusterModels = new Map<string, ClusterModel>();

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
    const folder = parentOf(uri);
    if (!this.needsLoad(uri)) return;
    let reading = this.reading.get(folder);
    if (!reading) {
      reading = this.readFacts(folder).catch((error: unknown) => {
        this.log(`reading ${REPOSITORY_CONFIG_FILE} above ${folder} failed: ${String(error)}`);
        return { inChart: false };
      });
      this.reading.set(folder, reading);
    }
    const facts = await reading;
    this.reading.delete(folder);
    this.facts.set(folder, facts);
  }

  /** A config or a Chart.yaml changed: read every folder's facts again. */
  forget(changedUri: string): boolean {
    const name = changedUri.slice(changedUri.lastIndexOf('/') + 1);
    if (name !== REPOSITORY_CONFIG_FILE && name !== 'Chart.yaml' && name !== CLUSTER_MODEL_FILE) return false;
    this.facts.clear();
    this.clusterModels.clear();
    return true;
  }

  /** The text the engine analyses: a Helm template's actions become placeholders of the same length. */
  analysedText(uri: string, text: string): string {
    return this.template(uri, text)?.text ?? text;
  }

  /** The nearest config of a folder (for the cluster model of the workspace). */
  async configAt(folderUri: string): Promise<FolderFacts['config']> {
    return (await this.readFacts(folderUri.replace(/\/$/, ''))).config;
  }

  /**
   * A file's diagnostics after the conventions: none for an ignored file; a template's findings
   * without those on actions, plus its note; suppressed ones removed; the config's rule settings.
   */
  apply(uri: string, text: string, model: ManifestModel, diagnostics: readonly Diagnostic[]): Diagnostic[] {
    const facts = this.known(uri);
    const config = facts?.config;
    if (config && ignoredBy(config.config, relativeTo(config.folderUri, uri))) return [];
    let findings = diagnostics.map((d) => toEngine(uri, model, d));
    const template = this.template(uri, text);
    if (template) findings = templateFindings(uri, template, findings);
    findings = applySuppressions(uri, model.text, findings);
    if (config) findings = applyRuleSettings(findings, config.config.rules);
    return findings.map((d) => toLsp(model, d));
  }

  private template(uri: string, text: string): HelmTemplate | undefined {
    return readHelmTemplate(text, this.known(uri)?.inChart ?? false);
  }

  private async readFacts(folder: string): Promise<FolderFacts> {
    let config: FolderFacts['config'];
    let clusterModel: FolderFacts['clusterModel'];
    let inChart = false;
    for (let current: string | undefined = folder; current; current = parentFolder(current)) {
      inChart ||= (await this.readFile(`${current}/Chart.yaml`)) !== undefined;
      if (!config) config = await this.readConfig(current);
      if (!clusterModel) clusterModel = await this.readClusterModel(current);
      const repositoryRoot =
        (await this.readFile(`${current}/.git/HEAD`)) !== undefined ||
        (await this.readFile(`${current}/.git`)) !== undefined;
      if (repositoryRoot) break;
    }
    return { config, inChart, ...(clusterModel ? { clusterModel } : {}) };
  }

  /** A folder's cluster.yaml; one that is not a cluster model is logged and not used. */
  private async readClusterModel(folder: string): Promise<FolderFacts['clusterModel']> {
    const uri = `${folder}/${CLUSTER_MODEL_FILE}`;
    const text = await this.readFile(uri);
    if (text === undefined) return undefined;
    const known = this.clusterModels.get(uri);
    if (known) return { uri, cluster: known };
    const cluster = readClusterFile(text);
    if (!('error' in cluster)) {
      this.clusterModels.set(uri, cluster);
      return { uri, cluster };
    }
    this.log(`${uri}: not a cluster model: ${cluster.error}; the file is not used`);
    return undefined;
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
