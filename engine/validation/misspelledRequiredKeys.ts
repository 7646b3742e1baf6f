import type { EngineDiagnostic } from '../diagnostics';

/** Codes that say a required key is absent, with the key in `data.field`. */
const MISSING_KEY_CODES = new Set(['plugin-field-required', 'ipam-type-missing']);

/**
 * A required key reported missing while an unknown key of the same object is its near spelling (`"mastr"`,
 * `"master:"`) is one mistake, not two (issue 18 point 5): only the unknown key is reported, at the key, with
 * the did-you-mean replacement its quick fix applies, and its message says the key is required.
 */
export function foldMisspelledRequired(diagnostics: readonly EngineDiagnostic[]): EngineDiagnostic[] {
  const typos = diagnostics.filter((d) => d.code === 'json-unknown-key' && typeof d.data?.replacement === 'string');
  const folded = new Set<EngineDiagnostic>();
  const rewritten = new Map<EngineDiagnostic, EngineDiagnostic>();
  for (const missing of diagnostics) {
    if (!MISSING_KEY_CODES.has(missing.code)) continue;
    const typo = typos.find((d) => d.data?.replacement === missing.data?.field && !rewritten.has(d));
    if (!typo) continue;
    folded.add(missing);
    rewritten.set(typo, {
      ...typo,
      severity: missing.severity,
      message: `"${String(typo.data?.key)}" is not a key; did you mean "${String(missing.data?.field)}"? The required "${String(missing.data?.field)}" is missing without it: ${missing.message}`,
    });
  }
  return diagnostics.filter((d) => !folded.has(d)).map((d) => rewritten.get(d) ?? d);
}
