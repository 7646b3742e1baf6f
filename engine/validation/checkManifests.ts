import { printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { EngineDiagnostic } from '../diagnostics';
import type { NadObject } from '../manifest/kubernetesObjects';
import type { ManifestSet } from '../manifest/manifestSet';
import { parseNetworkConfig } from '../cni/networkConfig';

/** Checks every file of a set: YAML problems, then each NAD's embedded CNI JSON. */
export function checkManifestSet(set: ManifestSet): EngineDiagnostic[] {
  const diagnostics: EngineDiagnostic[] = [];
  for (const { file, documents } of set.files) {
    for (const document of documents) {
      for (const problem of document.problems) {
        diagnostics.push({
          file: file.path,
          range: problem.range,
          severity: 'error',
          code: problem.code,
          message: problem.message,
        });
      }
    }
  }
  for (const nad of set.nads) diagnostics.push(...checkConfigSyntax(nad));
  return diagnostics;
}

/** JSON syntax errors inside `spec.config`, mapped back to the exact characters in the file. */
function checkConfigSyntax(nad: NadObject): EngineDiagnostic[] {
  if (!nad.config) return [];
  const outcome = parseNetworkConfig(nad.config.text, nad.name);
  if (!('error' in outcome)) return [];
  if (outcome.tooDeep && nad.configRange) {
    const severity = outcome.tooDeep === 'go-limit' ? ('error' as const) : ('information' as const);
    const code = outcome.tooDeep === 'go-limit' ? 'json-too-deep' : 'json-not-checked';
    return [{ file: nad.source.file, range: nad.configRange, severity, code, message: outcome.error }];
  }
  const offsets = nad.config.offsets;
  const at = (index: number) => offsets[Math.min(index, offsets.length - 1)];
  return outcome.syntaxErrors.map((error: ParseError) => ({
    file: nad.source.file,
    range: [at(error.offset), Math.max(at(error.offset + error.length), at(error.offset) + 1)] as const,
    severity: 'error' as const,
    code: 'json-syntax',
    message: `spec.config is not valid JSON: ${printParseErrorCode(error.error)} (Multus: failed to unmarshal Spec.Config)`,
  }));
}
