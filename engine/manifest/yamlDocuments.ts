import { Composer, Parser, isMap, isScalar, type Document, type Node, type YAMLError, type YAMLMap } from 'yaml';
import { splitDocumentChunks } from './documentChunks';

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
 * A file is checked up to this many documents, and no document starting past this many
 * characters: the editor re-checks on every keystroke, so the work per file stays bounded
 * (about a second on a slow machine). The rest is said in a `manifest-too-large` note.
 */
export const MAX_CHECKED_DOCUMENTS = 5000;
export const MAX_CHECKED_CHARACTERS = 2_000_000;

/**
 * Splits a file into its YAML documents, keeping source ranges and the CST for exact positions.
 * Each `---` slice is parsed on its own, as kubectl's YAML reader splits the stream before
 * decoding each document (apimachinery pkg/util/yaml YAMLReader) and as the editor re-parses
 * one document per edit: an error in one document never spills into the next. The parser is
 * lazy, so documents past the limits are never parsed.
 */
export function parseManifestDocuments(text: string): ManifestDocument[] {
  const documents: ManifestDocument[] = [];
  for (const slice of splitDocumentChunks(text)) {
    const parser = new Parser();
    parser.offset = slice.start; // node and error offsets are the file's
    const composer = new Composer({ keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
    for (const tree of composer.compose(parser.parse(slice.text))) {
      const start = tree.range[0];
      const full = documents.length >= MAX_CHECKED_DOCUMENTS || start >= MAX_CHECKED_CHARACTERS;
      if (full && documents.length > 0) {
        (documents[documents.length - 1].problems as YamlProblem[]).push(tooLargeNote(text, start, documents.length));
        return documents;
      }
      documents.push(toManifestDocument(tree as Document.Parsed, documents.length, text.length));
    }
  }
  return documents;
}

/** The note for a file whose documents from `start` on (after `checked` documents) are not checked. */
export function tooLargeNote(text: string, start: number, checked: number): YamlProblem {
  const lineEnd = text.indexOf('\n', start);
  return {
    message:
      `File too large: checked the first ${checked} documents (up to character ${start} of ${text.length}); ` +
      `the documents from here on are not checked. At most ${MAX_CHECKED_DOCUMENTS} documents and ` +
      `${MAX_CHECKED_CHARACTERS} characters are checked per file; split the file to check the rest.`,
    range: [start, lineEnd < 0 ? text.length : lineEnd],
    code: 'manifest-too-large',
  };
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
        message: `${(error as Error).message} (YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes; not expanded)`,
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
      message:
        'YAML nested too deep to parse here (the parser ran out of stack); no Kubernetes object nests this deep.',
      range,
      code: 'yaml-too-deep',
    };
  }
  return { message: error.message.split('\n')[0], range, code: 'yaml-syntax' };
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
