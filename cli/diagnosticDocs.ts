import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIAGNOSTIC_DOCS_FOLDER, diagnosticDocUri } from '../engine';

/** The installed package's docs/diagnostics folder: dist/cli.js sits one folder below the package root. */
const DOCS_BASE_URI = pathToFileURL(join(__dirname, '..', DIAGNOSTIC_DOCS_FOLDER)).href;

/** The file: URI of a code's page (SARIF `helpUri`). */
export function diagnosticHelpUri(code: string): string {
  return diagnosticDocUri(DOCS_BASE_URI, code);
}

/** The page's Markdown, which code-scanning UIs show as the rule's help; undefined when the page cannot be read. */
export function diagnosticHelpMarkdown(code: string): string | undefined {
  try {
    return readFileSync(fileURLToPath(diagnosticHelpUri(code)), 'utf8');
  } catch {
    return undefined;
  }
}
