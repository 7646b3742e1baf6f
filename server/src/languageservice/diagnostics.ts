import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { EngineDiagnostic, Severity } from '../../../engine';
import { missingNadMessage } from '../../../engine/language/networkReferences';
import type { ManifestModel } from './documents';
import type { WorkspaceIndex } from './workspaceIndex';

export const DIAGNOSTIC_SOURCE = 'multus-nad';

/** The code of the cross-file check: an annotation names a NAD that no workspace file defines. */
export const NAD_NOT_IN_WORKSPACE = 'network-not-in-workspace';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Everything the engine reports for a file (cached per document), plus the references from its
 * pods to NADs that no file of the workspace defines.
 */
export function computeDiagnostics(model: ManifestModel, index: WorkspaceIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const chunk of model.chunks) {
    const analysis = chunk.analysis;
    if (!analysis.ours) continue;
    for (const finding of analysis.diagnostics)
      diagnostics.push(toLspDiagnostic(finding, model.rangeIn(chunk, finding.range)));
    for (const pod of analysis.pods) {
      for (const reference of pod.references) {
        if (index.hasNad(reference.namespace, reference.name)) continue;
        diagnostics.push({
          range: model.rangeIn(chunk, reference.nameRange),
          severity: DiagnosticSeverity.Warning,
          source: DIAGNOSTIC_SOURCE,
          code: NAD_NOT_IN_WORKSPACE,
          message: `No file of the workspace defines NetworkAttachmentDefinition ${reference.namespace}/${reference.name}; unless the cluster has it, Multus refuses the pod: ${missingNadMessage(reference)}`,
          data: { namespace: reference.namespace, name: reference.name },
        });
      }
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
