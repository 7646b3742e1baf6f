import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { EngineDiagnostic, Severity } from '../diagnostics';
import { keyAtPath, nodeAtPath, type ManifestDocument, type TextRange } from '../manifest/yamlDocuments';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnosticCodes';

/** One YAML document of a file, for rules that report on YAML keys and values. */
export class DocumentSource {
  constructor(
    readonly file: string,
    readonly fileText: string,
    readonly document: ManifestDocument,
    private readonly out: EngineDiagnostic[],
  ) {}

  get value(): Record<string, unknown> | undefined {
    const value = this.document.value;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  }

  node(path: readonly string[]): Node | undefined {
    return nodeAtPath(this.document.tree, path);
  }

  key(path: readonly string[]): Node | undefined {
    return keyAtPath(this.document.tree, path);
  }

  /** The range of the value at a path, else of its key, else of the document's first line. */
  rangeAt(path: readonly string[], preferKey = false): TextRange {
    const value = this.node(path);
    const key = this.key(path);
    const node = preferKey ? (key ?? value) : (value ?? key);
    if (node?.range) return [node.range[0], Math.max(node.range[1], node.range[0] + 1)];
    const start = this.document.range[0];
    const lineEnd = this.fileText.indexOf('\n', start);
    return [start, lineEnd > start ? lineEnd : start + 1];
  }

  /** Keys of the mapping at a path with their nodes (for case and spelling rules). */
  pairs(path: readonly string[]): Pair<Node, Node>[] {
    const node = path.length === 0 ? this.document.tree.contents : this.node(path);
    return isMap(node) ? (node.items as Pair<Node, Node>[]).filter((pair) => isScalar(pair.key)) : [];
  }

  report(
    code: DiagnosticCode,
    range: TextRange,
    message: string,
    data?: Record<string, unknown>,
    severity?: Severity,
  ): void {
    this.out.push({
      file: this.file,
      range,
      severity: severity ?? DIAGNOSTIC_CODES[code].severity,
      code,
      message,
      ...(data ? { data } : {}),
    });
  }

  at(code: DiagnosticCode, path: readonly string[], message: string, data?: Record<string, unknown>): void {
    this.report(code, this.rangeAt(path), message, data);
  }

  atKey(code: DiagnosticCode, path: readonly string[], message: string, data?: Record<string, unknown>): void {
    this.report(code, this.rangeAt(path, true), message, data);
  }
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
