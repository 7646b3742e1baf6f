import type { TextRange } from './manifest/yamlDocuments';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * One finding of the engine. `range` is in file offsets [start, end) of `file`; `code` names
 * the rule (e.g. `ipam-range-outside-subnet`); `data` carries what a quick fix needs.
 */
export interface EngineDiagnostic {
  readonly file: string;
  readonly range: TextRange;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
