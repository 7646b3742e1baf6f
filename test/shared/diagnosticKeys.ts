import type { Diagnostic } from 'vscode-languageserver';

/** One diagnostic of `multus-nad check --format json` (cli/checkCommand.ts): 1-based positions. */
export interface CheckJsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: string;
}

/** `code line:column-endLine:endColumn` (1-based) of a check JSON diagnostic: what the editor's must equal. */
export function checkKey(d: CheckJsonDiagnostic): string {
  return `${d.code} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;
}

/** The same key for the editor's (0-based) LSP diagnostics, sorted. */
export function editorKeys(list: readonly Diagnostic[]): string[] {
  return list
    .map((d) =>
      checkKey({
        file: '',
        code: String(d.code),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      }),
    )
    .sort();
}
