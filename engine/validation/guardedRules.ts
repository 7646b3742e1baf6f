import type { EngineDiagnostic } from '../diagnostics';
import type { TextRange } from '../manifest/yamlDocuments';

/**
 * Runs one family of rules; an exception (a bug, or a resource limit such as the stack) becomes
 * a `check-failed` warning at `at` instead of ending the check of the whole set, so the other
 * rules still report (hardening, issue 8). The language server logs each failure once.
 */
export function runGuarded<T>(
  rule: string,
  file: string,
  at: TextRange,
  out: EngineDiagnostic[],
  check: () => T,
): T | undefined {
  try {
    return check();
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    out.push({
      file,
      range: at,
      severity: 'warning',
      code: 'check-failed',
      message: `The ${rule} checks failed on this document; the other checks still ran. The error: ${reason}. This is a multus-nad bug: please report it with this document.`,
      data: { rule, error: reason },
    });
    return undefined;
  }
}

/** The first line of the text from `start`, where a failure of a document's checks is shown. */
export function firstLineAt(text: string, start: number): TextRange {
  const end = text.indexOf('\n', start);
  return [start, end < 0 ? text.length : end];
}
