import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { EngineDiagnostic, Severity } from '../../../engine';
import type { ManifestModel } from './documents';
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
 * document) and the cross-document rules against the workspace index.
 */
export function computeDiagnostics(model: ManifestModel, checks: WorkspaceChecks): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const chunk of model.chunks) {
    if (!chunk.analysis.ours) continue;
    for (const finding of [...chunk.analysis.diagnostics, ...checks.forChunk(model, chunk)]) {
      diagnostics.push(toLspDiagnostic(finding, model.rangeIn(chunk, finding.range)));
    }
  }
  return diagnostics;
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
