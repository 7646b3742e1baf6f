/** Where each diagnostic code's page lives, relative to the package root (shipped in the VSIX and the npm package). */
export const DIAGNOSTIC_DOCS_FOLDER = 'docs/diagnostics';

/**
 * The page of a code under a base URI (the installed package's docs/diagnostics folder as a
 * file: URI): what editors link as the diagnostic's `codeDescription.href` and SARIF as `helpUri`.
 */
export function diagnosticDocUri(docsBaseUri: string, code: string): string {
  return `${docsBaseUri.replace(/\/$/, '')}/${encodeURIComponent(code)}.md`;
}
