import { Composer, Parser, isMap, isScalar, type Document, type Node, type YAMLError, type YAMLMap } from 'yaml';
import { splitDocuments } from './documentSlices';

/** An offset range [start, end) in the file. */
export type TextRange = readonly [number, number];

export interface YamlProblem {
  readonly message: string;
  readonly range: TextRange;
  readonly code: string;
}

/** One `---` document of a file: its parsed tree with source ranges and its plain value. */
export interface ManifestDocument {
  readonly index: number;
  readonly range: TextRange;
  readonly tree: Document.Parsed;
  /** The document as plain data; undefined when it could not be built (errors say why). */
  readonly value: unknown;
  readonly problems: readonly YamlProblem[];
}

/** YAML alias expansion is capped, so a "billion laughs" file is reported, not expanded. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Splits a file into its YAML documents, keeping source ranges and the CST for exact positions.
 * Each `---` slice is parsed on its own, as kubectl's YAML reader splits the stream before
 * decoding each document (apimachinery pkg/util/yaml YAMLReader) and as the editor re-parses
 * one document per edit: an error in one document never spills into the next. Every document
 * is parsed: limits belong to the editor (server/src/languageservice/documents.ts), never to a
 * check a CI relies on (issue 20, "nothing unchecked passes").
 */
export function parseManifestDocuments(text: string): ManifestDocument[] {
  const documents: ManifestDocument[] = [];
  for (const slice of splitDocuments(text)) {
    const parser = new Parser();
    parser.offset = slice.start; // node and error offsets are the file's
    const composer = new Composer({ keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
    for (const tree of composer.compose(parser.parse(slice.text))) {
      documents.push(toManifestDocument(tree as Document.Parsed, documents.length, text.length));
    }
  }
  return documents;
}

function toManifestDocument(tree: Document.Parsed, index: number, textLength: number): ManifestDocument {
  const problems: YamlProblem[] = tree.errors.map((error) => describeYamlError(error, textLength));
  let value: unknown;
  if (tree.errors.length === 0) {
    try {
      value = tree.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const start = tree.range[0];
      problems.push({
        message: `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes, so they are not expanded. The parser says: ${(error as Error).message}.`,
        range: [start, Math.min(start + 1, textLength)],
        code: 'yaml-alias-limit',
      });
    }
  }
  return { index, range: [tree.range[0], tree.range[2]], tree, value, problems };
}

/** The yaml library recurses per nesting level and reports a stack overflow as an error: say what it means. */
function describeYamlError(error: YAMLError, textLength: number): YamlProblem {
  const range = clampRange(error.pos[0], error.pos[1], textLength);
  if (error instanceof RangeError || /Maximum call stack size exceeded/.test(error.message)) {
    return {
      message: 'YAML nested too deep to parse here. The parser ran out of stack; no Kubernetes object nests this deep.',
      range,
      code: 'yaml-too-deep',
    };
  }
  return { message: shortTokenQuote(error.message.split('\n')[0]), range, code: 'yaml-syntax' };
}

/** The yaml library quotes the whole offending token ("... in YAML stream: "'\n...\n---..."): keep its start. */
function shortTokenQuote(message: string): string {
  const quoted = /^(.*?: )"(.*)"$/.exec(message);
  if (!quoted || quoted[2].length <= 30) return message;
  return `${quoted[1]}"${quoted[2].slice(0, 30)}..."`;
}

/** The yaml library reports an error at the end of the text as [length, length + 1]: keep it inside. */
function clampRange(start: number, end: number, textLength: number): TextRange {
  const from = Math.min(Math.max(start, 0), textLength);
  return [from, Math.min(Math.max(end, from), textLength)];
}

/** The node at a key path (`['spec', 'config']`) in a document, following mappings only. */
export function nodeAtPath(tree: Document.Parsed, path: readonly string[]): Node | undefined {
  let node: unknown = tree.contents;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = findPair(node, key)?.value;
  }
  return (node ?? undefined) as Node | undefined;
}

/** The key node of the last segment of a path, for diagnostics that point at a key. */
export function keyAtPath(tree: Document.Parsed, path: readonly string[]): Node | undefined {
  const parent = nodeAtPath(tree, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  return findPair(parent, path[path.length - 1])?.key as Node | undefined;
}

function findPair(map: YAMLMap, key: string) {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}
