import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { diagnosticDocUri, notYetSaid, type EngineDiagnostic, type Severity } from '../../../engine';
import type { SeverityOverride } from '../protocol';
import type { DocumentAnalysis } from './documentAnalysis';
import { SERVER_MAX_CHARACTERS, SERVER_MAX_DOCUMENTS, type YamlDocument, type ManifestModel } from './documents';
import type { PreviewChecks } from './previewChecks';
import type { WorkspaceChecks } from './workspaceChecks';

export const DIAGNOSTIC_SOURCE = 'multus-nad';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Everything the engine reports for a file: each document's own findings (cached per
 * document), the cross-document rules against the workspace index, and what the preview learns about its pods.
 */
export function computeDiagnostics(
  model: ManifestModel,
  checks: WorkspaceChecks,
  previewChecks: PreviewChecks,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const yamlDocument of model.yamlDocuments) {
    if (!yamlDocument.analysis.ours) continue;
    for (const local of shiftedDiagnostics(yamlDocument)) diagnostics.push(local);
    const across = checks.forDocument(model, yamlDocument);
    for (const finding of workspaceDiagnostics(model, yamlDocument, across)) diagnostics.push(finding);
    // What the preview learns about the pods, unless a rule already said it (as `check` does).
    const learned = previewChecks.forDocument(model, yamlDocument);
    if (learned.length === 0) continue; // most documents: no copy of their findings per validation
    const said = [...yamlDocument.analysis.diagnostics, ...across].map((d) => ({ ...d, file: model.uri }));
    for (const finding of notYetSaid(learned, said)) {
      diagnostics.push(toLspDiagnostic(finding, model.rangeIn(yamlDocument, finding.range)));
    }
  }
  const firstUnchecked = model.yamlDocuments.findIndex((yamlDocument) => yamlDocument.analysis.unchecked);
  if (firstUnchecked >= 0) diagnostics.push(tooLargeDiagnostic(model, firstUnchecked));
  return diagnostics;
}

/** The `manifest-too-large` note where the first unanalysed document starts. */
function tooLargeDiagnostic(model: ManifestModel, documentIndex: number): Diagnostic {
  const start = model.yamlDocuments[documentIndex].start;
  const lineEnd = model.text.indexOf('\n', start);
  const message =
    `File too large: the documents from here on are not checked. ` +
    `Checked: the first ${documentIndex} documents (up to character ${start} of ${model.text.length}). At most ${SERVER_MAX_DOCUMENTS} documents and ` +
    `${SERVER_MAX_CHARACTERS} characters are checked per file in the editor; split the file to check the rest.`;
  const range = [start, lineEnd < 0 ? model.text.length : lineEnd] as const;
  return toLspDiagnostic(
    { file: model.uri, severity: 'information', code: 'manifest-too-large', message, range },
    { start: model.positionAt(range[0]), end: model.positionAt(range[1]) },
  );
}

/** A document's own diagnostics in LSP form with lines counted from the document's start, built once. */
const converted = new WeakMap<DocumentAnalysis, Diagnostic[]>();

function localDiagnostics(analysis: DocumentAnalysis): Diagnostic[] {
  let list = converted.get(analysis);
  if (!list) {
    const lines = analysis.lines;
    list = analysis.diagnostics.map((finding) =>
      toLspDiagnostic(finding, { start: lines.positionAt(finding.range[0]), end: lines.positionAt(finding.range[1]) }),
    );
    converted.set(analysis, list);
  }
  return list;
}

/** The last shifted list per document, reused while the document stays on the same line (most of a file, on most edits). */
const placed = new WeakMap<DocumentAnalysis, { line: number; list: Diagnostic[] }>();

function shiftedDiagnostics(yamlDocument: YamlDocument): Diagnostic[] {
  const last = placed.get(yamlDocument.analysis);
  if (last && last.line === yamlDocument.line) return last.list;
  const list = localDiagnostics(yamlDocument.analysis).map((diagnostic) => shift(diagnostic, yamlDocument.line));
  placed.set(yamlDocument.analysis, { line: yamlDocument.line, list });
  return list;
}

/** The LSP form of a document's workspace findings, kept while the findings (memoised) and the document's line stay. */
const placedWorkspace = new WeakMap<readonly EngineDiagnostic[], { line: number; list: Diagnostic[] }>();

function workspaceDiagnostics(
  model: ManifestModel,
  yamlDocument: YamlDocument,
  findings: readonly EngineDiagnostic[],
): Diagnostic[] {
  if (findings.length === 0) return [];
  const last = placedWorkspace.get(findings);
  if (last && last.line === yamlDocument.line) return last.list;
  const list = findings.map((finding) => toLspDiagnostic(finding, model.rangeIn(yamlDocument, finding.range)));
  placedWorkspace.set(findings, { line: yamlDocument.line, list });
  return list;
}

function shift(diagnostic: Diagnostic, lines: number): Diagnostic {
  if (lines === 0) return diagnostic;
  const { start, end } = diagnostic.range;
  return {
    ...diagnostic,
    range: {
      start: { line: start.line + lines, character: start.character },
      end: { line: end.line + lines, character: end.character },
    },
  };
}

function toLspDiagnostic(finding: EngineDiagnostic, range: Diagnostic['range']): Diagnostic {
  return {
    range,
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    message: finding.message,
    ...(finding.data ? { data: finding.data } : {}),
  };
}

/**
 * The linked (or re-ranked) copy of each diagnostic, made once: a document's diagnostics are the
 * same objects from check to check, and so must their copies be, for PublishedDiagnostics to see
 * that a re-check after another file changed found nothing new (5000 diagnostics were sent again).
 */
const copies = new WeakMap<Diagnostic, { key: string; copy: Diagnostic }>();

function copyOnce(diagnostic: Diagnostic, key: string, make: () => Diagnostic): Diagnostic {
  const known = copies.get(diagnostic);
  if (known?.key === key) return known.copy;
  const copy = make();
  copies.set(diagnostic, { key, copy });
  return copy;
}

/** Links each diagnostic to its code's page, as ESLint does (`codeDescription.href`: the Problems panel shows the code as a link). */
export function withDocLinks(diagnostics: readonly Diagnostic[], docsBaseUri: string): Diagnostic[] {
  return diagnostics.map((diagnostic) => {
    const code = diagnostic.code;
    return typeof code === 'string'
      ? copyOnce(diagnostic, `link ${docsBaseUri}`, () => ({
          ...diagnostic,
          codeDescription: { href: diagnosticDocUri(docsBaseUri, code) },
        }))
      : diagnostic;
  });
}

/** Applies `multusNad.diagnostics.severity`: another severity for a code, or `off` to drop it. */
export function applySeverityOverrides(
  diagnostics: readonly Diagnostic[],
  overrides: Readonly<Record<string, SeverityOverride>> | undefined,
): Diagnostic[] {
  if (!overrides || Object.keys(overrides).length === 0) return [...diagnostics];
  return diagnostics.flatMap((diagnostic) => {
    const override = overrides[String(diagnostic.code)];
    if (override === 'off') return [];
    return override && override in SEVERITIES
      ? [
          copyOnce(diagnostic, `severity ${override}`, () => ({
            ...diagnostic,
            severity: SEVERITIES[override as Severity],
          })),
        ]
      : [diagnostic];
  });
}
