import {
  checkManifestSet,
  DIAGNOSTIC_CODES,
  LineIndex,
  parseManifestDocuments,
  readManifestSet,
  type EngineDiagnostic,
  type ManifestFile,
} from '../engine';
import { version } from '../package.json';
import { readManifestFiles } from './manifestFiles';
import { loadCluster } from './previewCommand';

export type CheckFormat = 'text' | 'json' | 'sarif';

export interface CheckOptions {
  readonly format: CheckFormat;
  /** A cluster model file: which plugin binaries the nodes have (its `plugins`, `pluginVersion`). */
  readonly cluster?: string;
}

/** One diagnostic as the CLI contract prints it (DESIGN.md): 1-based lines and columns. */
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

/** `multus-nad check`: every rule over the given files; exit 1 when any error was found. */
export function runCheck(
  paths: readonly string[],
  options: CheckOptions,
  write: (text: string) => void,
  note: (text: string) => void,
): number {
  const files = readManifestFiles(paths);
  const skipped: SkippedFile[] = [];
  const checked = files.filter((file) => {
    const reason = skipReason(file);
    if (reason) skipped.push({ file: file.path, reason });
    return !reason;
  });
  const cluster = options.cluster ? loadCluster(options.cluster) : undefined;
  const diagnostics = toPositions(checked, checkManifestSet(readManifestSet(checked), { cluster }));
  if (options.format === 'json') {
    write(`${JSON.stringify({ files: checked.length, diagnostics, skipped }, null, 2)}\n`);
  } else if (options.format === 'sarif') {
    write(`${JSON.stringify(toSarif(diagnostics), null, 2)}\n`);
  } else {
    for (const d of diagnostics) write(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
    write(`${summary(diagnostics)} in ${checked.length} file${checked.length === 1 ? '' : 's'}\n`);
  }
  if (options.format !== 'json') for (const s of skipped) note(`${s.file}: skipped: ${s.reason}\n`);
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
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

function toPositions(files: readonly ManifestFile[], diagnostics: readonly EngineDiagnostic[]): CheckedDiagnostic[] {
  const indexes = new Map(files.map((file) => [file.path, new LineIndex(file.text)]));
  return diagnostics.map((d) => {
    const index = indexes.get(d.file);
    const start = index?.positionAt(d.range[0]) ?? { line: 0, character: 0 };
    const end = index?.positionAt(d.range[1]) ?? start;
    return {
      file: d.file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
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
