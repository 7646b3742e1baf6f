import {
  applyRuleSettings,
  applySuppressions,
  checkManifestSet,
  DIAGNOSTIC_CODES,
  leavesUnchecked,
  LineIndex,
  parseManifestDocuments,
  readHelmTemplate,
  readManifestSet,
  templateFindings,
  type EngineDiagnostic,
  type HelmTemplate,
  type ManifestFile,
  type Severity,
} from '../engine';
import { version } from '../package.json';
import { CliInputError, readManifestFiles, STDIN_PATH } from './manifestFiles';
import { RenderedSources } from './renderedSources';
import { configFor, ignoreReason, inHelmChart } from './repositoryContext';
import { configuredCluster } from './previewCommand';

export type CheckFormat = 'text' | 'json' | 'sarif';
export type FailOn = 'error' | 'warning' | 'information';

export interface CheckOptions {
  readonly format: CheckFormat;
  /** The lowest severity that makes the exit code 1 (default `error`). */
  readonly failOn?: FailOn;
  /** Print errors only (and no notes about skipped files). */
  readonly quiet?: boolean;
  /** Report suppression comments that suppressed nothing. */
  readonly reportUnusedSuppressions?: boolean;
  /** A cluster model file: which plugin binaries the nodes have (its `plugins`, `pluginVersion`). */
  readonly cluster?: string;
}

/** One diagnostic as the CLI contract prints it (ARCHITECTURE.md "CLI contract"): 1-based lines and columns. */
export interface CheckedDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: EngineDiagnostic['severity'];
  readonly code: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** Severities from the most to the least severe; `hint` counts as information for --fail-on. */
const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 2 };

/**
 * `multus-nad check`: every rule over the given files (`-`: standard input), then per file its
 * Helm template reading, inline suppressions and `.multus-nad.yaml` rule settings; exit 1 when a
 * finding is at least as severe as `--fail-on`.
 */
export function runCheck(
  paths: readonly string[],
  options: CheckOptions,
  write: (text: string) => void,
  note: (text: string) => void,
): number {
  const files = readManifestFiles(paths);
  // As ESLint does for a pattern that matches nothing: a check of nothing is a usage mistake, not a pass.
  if (files.length === 0) throw new CliInputError(`no YAML manifest (*.yaml, *.yml) found in ${paths.join(', ')}`);
  const skipped: SkippedFile[] = [];
  const templates = new Map<string, HelmTemplate>();
  const checked: ManifestFile[] = [];
  for (const file of files) {
    const reason = ignoreReason(file.path) ?? skipReasonOf(file, templates);
    if (reason) skipped.push({ file: file.path, reason });
    else checked.push({ path: file.path, text: templates.get(file.path)?.text ?? file.text });
  }
  const cluster = configuredCluster(options.cluster, checked[0]?.path ?? STDIN_PATH);
  const findings = checkManifestSet(readManifestSet(checked), { cluster });
  const conventions = checked.flatMap((file) =>
    withConventions(
      file,
      templates.get(file.path),
      findings.filter((d) => d.file === file.path),
      options,
    ),
  );
  const all = toPositions(checked, conventions);
  const failing = all.some((d) => RANK[d.severity] <= RANK[options.failOn ?? 'error']);
  const diagnostics = options.quiet ? all.filter((d) => d.severity === 'error') : all;
  if (options.format === 'json') {
    write(`${JSON.stringify({ files: checked.length, diagnostics, skipped }, null, 2)}\n`);
  } else if (options.format === 'sarif') {
    write(`${JSON.stringify(toSarif(diagnostics), null, 2)}\n`);
  } else {
    for (const d of diagnostics) write(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
    write(`${summary(diagnostics)} in ${checked.length} file${checked.length === 1 ? '' : 's'}${uncheckedNote(all)}\n`);
  }
  if (options.format !== 'json' && !options.quiet) for (const s of skipped) note(`${s.file}: skipped: ${s.reason}\n`);
  return failing ? 1 : 0;
}

/** A file's findings after its template reading, its suppression comments and its config's rule settings. */
function withConventions(
  file: ManifestFile,
  template: HelmTemplate | undefined,
  findings: readonly EngineDiagnostic[],
  options: CheckOptions,
): EngineDiagnostic[] {
  const read = template ? templateFindings(file.path, template, findings) : findings;
  const unsuppressed = applySuppressions(file.path, file.text, read, {
    reportUnused: options.reportUnusedSuppressions,
  });
  const settled = applyRuleSettings(unsuppressed, configFor(file.path)?.config.rules ?? {});
  return settled.sort((a, b) => a.range[0] - b.range[0]);
}

/** The skip reason of a file; a Helm template is read with placeholders (remembered in `templates`). */
function skipReasonOf(file: ManifestFile, templates: Map<string, HelmTemplate>): string | undefined {
  const template = readHelmTemplate(file.text, inHelmChart(file.path));
  if (template) templates.set(file.path, template);
  return skipReason(template ? { path: file.path, text: template.text } : file);
}

/** Why a file is not checked: not text, not YAML (by name and content), or no Kubernetes objects. */
function skipReason(file: ManifestFile): string | undefined {
  if (file.text.includes('\u0000')) return 'not a text file';
  const documents = parseManifestDocuments(file.text);
  const broken = documents.some((d) => d.problems.length > 0);
  if (broken) return /\.ya?ml$/i.test(file.path) ? undefined : 'not a YAML file';
  const kubernetes = documents.some((d) => {
    const value = d.value as Record<string, unknown> | null;
    return !!value && typeof value === 'object' && ('kind' in value || 'spec' in value || 'apiVersion' in value);
  });
  return kubernetes ? undefined : 'no Kubernetes objects (no apiVersion/kind)';
}

/** 1-based positions; findings of standard input name the file of their `# Source:` comment. */
function toPositions(files: readonly ManifestFile[], diagnostics: readonly EngineDiagnostic[]): CheckedDiagnostic[] {
  const indexes = new Map(files.map((file) => [file.path, new LineIndex(file.text)]));
  const stdin = files.find((file) => file.path === STDIN_PATH);
  const sources = stdin && new RenderedSources(stdin.text, STDIN_PATH);
  return diagnostics.map((d) => {
    const index = indexes.get(d.file);
    const start = index?.positionAt(d.range[0]) ?? { line: 0, character: 0 };
    const end = index?.positionAt(d.range[1]) ?? start;
    const from = d.file === STDIN_PATH && sources ? sources.locate(start.line) : { file: d.file, line: start.line };
    return {
      file: from.file,
      line: from.line + 1,
      column: start.character + 1,
      endLine: end.line - start.line + from.line + 1,
      endColumn: end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.data ? { data: d.data } : {}),
    };
  });
}

function summary(diagnostics: readonly CheckedDiagnostic[]): string {
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information') + count('hint')} information`;
}

/** The limits that left something unchecked, named even with --quiet: `; not checked: 2 json-not-checked`. */
function uncheckedNote(diagnostics: readonly CheckedDiagnostic[]): string {
  const counts = new Map<string, number>();
  for (const d of diagnostics) if (leavesUnchecked(d.code)) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  if (counts.size === 0) return '';
  return `; not checked: ${[...counts].map(([code, n]) => `${n} ${code}`).join(', ')}`;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 for code-scanning uploads: one rule per diagnostic code. */
function toSarif(diagnostics: readonly CheckedDiagnostic[]): unknown {
  const rules = Object.entries(DIAGNOSTIC_CODES).map(([id, rule]) => ({
    id,
    shortDescription: { text: rule.summary },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'multus-nad', version, informationUri: 'https://github.com/multus-nad/multus-nad', rules },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: rules.findIndex((rule) => rule.id === d.code),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file.split('\\').join('/') },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
