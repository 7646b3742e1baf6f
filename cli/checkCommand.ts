import {
  applyRuleSettings,
  applySuppressions,
  DIAGNOSTIC_CODES,
  leavesUnchecked,
  LineIndex,
  ManifestChecker,
  parseFile,
  notYetSaid,
  previewDiagnostics,
  previewPods,
  withClusterNads,
  readHelmTemplate,
  readManifestSet,
  templateFindings,
  type EngineDiagnostic,
  type HelmTemplate,
  type ManifestDocument,
  type ManifestFile,
  type Severity,
} from '../engine';
import { version } from '../package.json';
import { diagnosticHelpMarkdown, diagnosticHelpUri } from './diagnosticDocs';
import { CliInputError, manifestPaths, readManifestFile, STDIN_PATH } from './manifestFiles';
import { RenderedSources } from './renderedSources';
import { configFor, ignoreReason, inHelmChart } from './repositoryContext';
import { groupByModel, modelFor } from './clusterModels';

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
  /** A cluster model file: the pods are previewed on it, and it says which plugin binaries the nodes have. */
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
 * finding is at least as severe as `--fail-on`. Files are read, parsed and checked one at a time
 * (issue 20, memory at repository scale): a file without NADs or annotated workloads is finished
 * and freed at once; the others keep their text until the rules across files have run.
 */
export function runCheck(
  paths: readonly string[],
  options: CheckOptions,
  write: (text: string) => void,
  note: (text: string) => void,
): number {
  const names = manifestPaths(paths);
  // As ESLint does for a pattern that matches nothing: a check of nothing is a usage mistake, not a pass.
  if (names.length === 0) throw new CliInputError(`no YAML manifest (*.yaml, *.yml) found in ${paths.join(', ')}`);
  const skipped: SkippedFile[] = [];
  /** Per checked file, in order: its printed findings, or the file waiting for the rules across files. */
  const results: (CheckedDiagnostic[] | PendingFile)[] = [];
  let checker: ManifestChecker | undefined;
  for (const name of names) {
    const ignored = ignoreReason(name);
    if (ignored) {
      skipped.push({ file: name, reason: ignored });
      continue;
    }
    const file = readManifestFile(name);
    const template = readHelmTemplate(file.text, inHelmChart(file.path));
    const checked = template ? { path: file.path, text: template.text } : file;
    // Parsed once: the same documents decide whether the file is skipped and are checked.
    const parsed = checked.text.includes('\u0000') ? undefined : parseFile(checked);
    const reason = skipReason(checked, parsed?.documents);
    if (reason) {
      skipped.push({ file: file.path, reason });
      continue;
    }
    checker ??= new ManifestChecker();
    // Each file is checked against its own cluster model (the nearest cluster.yaml), as its preview is.
    const { diagnostics, related } = checker.checkFile(parsed!, {
      cluster: modelFor(options.cluster, checked.path).cluster,
    });
    const pending = { file: checked, template, findings: diagnostics };
    results.push(related || results.length === 0 ? pending : finish(pending, options));
  }
  if (!checker) modelFor(options.cluster, STDIN_PATH);
  const across = checker?.acrossFiles() ?? [];
  // Files still pending are the ones with NADs or annotated workloads: all the preview needs.
  const pending = results.filter((result): result is PendingFile => !Array.isArray(result));
  const ruled = [...pending.flatMap((result) => result.findings), ...across];
  const learned = notYetSaid(
    previewFindings(
      pending.map((result) => result.file),
      options,
    ),
    ruled,
  );
  const all = results.flatMap((result) =>
    Array.isArray(result)
      ? result
      : finish(
          {
            ...result,
            findings: [...result.findings, ...[...across, ...learned].filter((d) => d.file === result.file.path)],
          },
          options,
        ),
  );
  const failing = all.some((d) => RANK[d.severity] <= RANK[options.failOn ?? 'error']);
  const diagnostics = options.quiet ? all.filter((d) => d.severity === 'error') : all;
  if (options.format === 'json') {
    write(`${JSON.stringify({ files: results.length, diagnostics, skipped }, null, 2)}\n`);
  } else if (options.format === 'sarif') {
    write(`${JSON.stringify(toSarif(diagnostics), null, 2)}\n`);
  } else {
    for (const d of diagnostics) write(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
    write(`${summary(diagnostics)} in ${results.length} file${results.length === 1 ? '' : 's'}${uncheckedNote(all)}\n`);
  }
  if (options.format !== 'json' && !options.quiet) for (const s of skipped) note(`${s.file}: skipped: ${s.reason}\n`);
  return failing ? 1 : 0;
}

/** A checked file whose findings are not final yet: the rules across files may add to them. */
interface PendingFile {
  /** The file as checked (a Helm template's placeholder text). */
  readonly file: ManifestFile;
  readonly template?: HelmTemplate;
  readonly findings: readonly EngineDiagnostic[];
}

/** A file's final findings, with its conventions applied, as printed. */
function finish({ file, template, findings }: PendingFile, options: CheckOptions): CheckedDiagnostic[] {
  const ordered = [...findings].sort((a, b) => a.range[0] - b.range[0]);
  return toPositions(file, withConventions(file, template, ordered, options));
}

/**
 * What `preview` learns about the pods (refusals, nodes the model lacks, gateway addresses), from the same
 * engine preview on the same model per file (issue 18: check fails exactly where preview refuses).
 */
function previewFindings(files: readonly ManifestFile[], options: CheckOptions): EngineDiagnostic[] {
  return groupByModel(options.cluster, files).flatMap(({ model, files: group }) => {
    const set = readManifestSet(group);
    const { nads } = withClusterNads(set.nads, model.cluster);
    return previewDiagnostics(previewPods(nads, set.pods, model.cluster), nads, model.cluster, model.file);
  });
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

/** Why a file is not checked: not text, not YAML (by name and content), or no Kubernetes objects. */
function skipReason(file: ManifestFile, documents: readonly ManifestDocument[] | undefined): string | undefined {
  if (!documents) return 'not a text file';
  const broken = documents.some((d) => d.problems.length > 0);
  if (broken) return /\.ya?ml$/i.test(file.path) ? undefined : 'not a YAML file';
  const kubernetes = documents.some((d) => {
    const value = d.value as Record<string, unknown> | null;
    return !!value && typeof value === 'object' && ('kind' in value || 'spec' in value || 'apiVersion' in value);
  });
  return kubernetes ? undefined : 'no Kubernetes objects (no apiVersion/kind)';
}

/** 1-based positions; findings of standard input name the file of their `# Source:` comment. */
function toPositions(file: ManifestFile, diagnostics: readonly EngineDiagnostic[]): CheckedDiagnostic[] {
  if (diagnostics.length === 0) return [];
  const index = new LineIndex(file.text);
  const sources = file.path === STDIN_PATH ? new RenderedSources(file.text, STDIN_PATH) : undefined;
  return diagnostics.map((d) => {
    const start = index.positionAt(d.range[0]);
    const end = index.positionAt(d.range[1]);
    const from = sources ? sources.locate(start.line) : { file: d.file, line: start.line };
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
  const rules = Object.entries(DIAGNOSTIC_CODES).map(([id, rule]) => {
    const markdown = diagnosticHelpMarkdown(id);
    return {
      id,
      shortDescription: { text: rule.summary },
      helpUri: diagnosticHelpUri(id),
      ...(markdown ? { help: { text: rule.summary, markdown } } : {}),
      defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    };
  });
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
