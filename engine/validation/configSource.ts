import type { Node as JsonNode } from 'jsonc-parser';
import type { EngineDiagnostic, Severity } from '../diagnostics';
import type { TextRange } from '../manifest/yamlDocuments';
import type { ScalarSourceMap } from '../manifest/scalarSourceMap';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnosticCodes';

/**
 * The JSON of one `spec.config` and where each of its characters sits in the file, so a rule
 * can report on a JSON node and land on the exact characters in any YAML scalar style.
 */
export class ConfigSource {
  readonly diagnostics: EngineDiagnostic[] = [];

  constructor(
    readonly file: string,
    private readonly fileText: string,
    readonly scalar: ScalarSourceMap,
  ) {}

  get text(): string {
    return this.scalar.text;
  }

  /** File range of the decoded range [start, end) of the JSON text. */
  rangeOf(start: number, end: number): TextRange {
    const offsets = this.scalar.offsets;
    const clamp = (index: number) => Math.max(0, Math.min(index, offsets.length - 1));
    const from = offsets[clamp(start)];
    if (end <= start) return [from, from + 1];
    const last = offsets[clamp(end - 1)];
    const next = offsets[clamp(end)];
    // A folded line break or an escape sits between two decoded characters: end right after
    // the last character's source unless the gap is a plain escape on the same line.
    const gap = this.fileText.slice(last + 1, next);
    const to = next > last && !/[\r\n]/.test(gap) && gap.length <= 6 ? next : last + 1;
    return [from, Math.max(to, from + 1)];
  }

  nodeRange(node: JsonNode): TextRange {
    return this.rangeOf(node.offset, node.offset + node.length);
  }

  /** The key of a property node (or the node itself when it is not a property value). */
  keyRange(node: JsonNode): TextRange {
    const property = node.type === 'property' ? node : node.parent?.type === 'property' ? node.parent : undefined;
    const key = property?.children?.[0];
    return key ? this.nodeRange(key) : this.nodeRange(node);
  }

  report(
    code: DiagnosticCode,
    range: TextRange,
    message: string,
    data?: Record<string, unknown>,
    severity: Severity = DIAGNOSTIC_CODES[code].severity,
  ): void {
    this.diagnostics.push({ file: this.file, range, severity, code, message, ...(data ? { data } : {}) });
  }

  at(code: DiagnosticCode, node: JsonNode, message: string, data?: Record<string, unknown>, severity?: Severity): void {
    this.report(code, this.nodeRange(node), message, data, severity);
  }

  atKey(
    code: DiagnosticCode,
    node: JsonNode,
    message: string,
    data?: Record<string, unknown>,
    severity?: Severity,
  ): void {
    this.report(code, this.keyRange(node), message, data, severity);
  }
}
