import { isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import type { EngineDiagnostic, Severity } from '../diagnostics';
import { mapScalarSource, type ScalarSourceMap } from '../manifest/scalarSourceMap';
import { keyAtPath, nodeAtPath, type ManifestDocument, type TextRange } from '../manifest/yamlDocuments';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnosticCodes';
import type { LenientText } from '../manifest/lenientYaml';
import { asRecord, type Json } from '../json/jsonValue';

/**
 * One YAML document of a file, for rules that report on YAML keys and values. When the file was
 * re-indented to parse (lenientYaml.ts), node offsets refer to that text and every range this
 * class hands out is mapped back to the file.
 */
export class DocumentSource {
  constructor(
    readonly file: string,
    readonly fileText: string,
    readonly document: ManifestDocument,
    private readonly out: EngineDiagnostic[],
    private readonly lenient?: LenientText,
  ) {}

  private get parsedText(): string {
    return this.lenient?.text ?? this.fileText;
  }

  private toFile(offset: number): number {
    return this.lenient ? this.lenient.toOriginal(offset) : offset;
  }

  /** The file range of a parsed node. */
  nodeRange(node: Node): TextRange {
    const [start, end] = node.range ?? [this.document.range[0], this.document.range[0] + 1];
    return [this.toFile(start), Math.max(this.toFile(end), this.toFile(start) + 1)];
  }

  /** A scalar's decoded text with offsets into the file. */
  scalarMap(node: Scalar): ScalarSourceMap | undefined {
    const map = mapScalarSource(this.parsedText, node);
    if (!map || !this.lenient) return map;
    return { ...map, offsets: map.offsets.map((offset) => this.toFile(offset)) };
  }

  get value(): Json | undefined {
    return asRecord(this.document.value);
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
    if (node?.range) return this.nodeRange(node);
    const start = this.document.range[0];
    const lineEnd = this.parsedText.indexOf('\n', start);
    return [this.toFile(start), this.toFile(lineEnd > start ? lineEnd : start + 1)];
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
