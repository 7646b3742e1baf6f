import type { Diagnostic } from 'vscode-languageserver';

/**
 * The last diagnostics published per URI. Diagnostics of unchanged documents are the same
 * objects from check to check (diagnostics.ts keeps them), so a re-check of an open document
 * after another file changed is recognised without comparing text, and not serialised again.
 */
export class PublishedDiagnostics {
  private readonly last = new Map<string, { version: number; diagnostics: readonly Diagnostic[] }>();

  /** True when `diagnostics` are the very ones last published for this version; else remembers them. */
  unchanged(uri: string, version: number, diagnostics: readonly Diagnostic[]): boolean {
    const before = this.last.get(uri);
    const same =
      before !== undefined &&
      before.version === version &&
      before.diagnostics.length === diagnostics.length &&
      before.diagnostics.every((diagnostic, index) => diagnostic === diagnostics[index]);
    if (!same) this.last.set(uri, { version, diagnostics });
    return same;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
