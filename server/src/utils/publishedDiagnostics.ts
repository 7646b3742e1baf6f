import type { Diagnostic } from 'vscode-languageserver';

/**
 * The last diagnostics published per URI. Diagnostics of unchanged documents are the same
 * objects from check to check (diagnostics.ts keeps them), so a re-check of an open document
 * after another file changed is recognised without comparing text, and not serialised again;
 * copies (a .multus-nad.yaml's rule settings or suppressions rebuild them) are compared by value.
 */
export class PublishedDiagnostics {
  private readonly last = new Map<string, { version: number; diagnostics: readonly Diagnostic[] }>();

  /** True when `diagnostics` equal the ones last published for this version; else remembers them. */
  unchanged(uri: string, version: number, diagnostics: readonly Diagnostic[]): boolean {
    const before = this.last.get(uri);
    const same =
      before !== undefined &&
      before.version === version &&
      before.diagnostics.length === diagnostics.length &&
      before.diagnostics.every((diagnostic, index) => sameJson(diagnostic, diagnostics[index]));
    if (!same) this.last.set(uri, { version, diagnostics });
    return same;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/** Deep equality of JSON values (what a publish would serialise), identity first. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => key in y && sameJson(x[key], y[key]));
}
