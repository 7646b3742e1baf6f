import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { GO_MAX_NESTING_DEPTH, MAX_CHECKED_DEPTH, jsonNestingDepth } from '../cni/jsonNesting';
import type { ConfigSource } from './configSource';
import { propertiesOf } from './goJsonFields';

/**
 * Parses `spec.config` tolerantly and reports every syntax error (jsonc-parser recovers, so one
 * typo does not hide the next). The first error also carries the text Go's encoding/json gives,
 * which is what Multus prints (NADC pkg/utils/cniconfig.go GetCNIConfigFromSpec: "failed to
 * unmarshal Spec.Config: %v"). Returns the tree, or undefined when the JSON is broken.
 */
export function parseConfigJson(source: ConfigSource): JsonNode | undefined {
  if (reportTooDeep(source)) return undefined;
  const errors: ParseError[] = [];
  const tree = parseTree(source.text, errors, { allowTrailingComma: false, disallowComments: true });
  realMistakes(source.text, errors).forEach((error, index) => {
    const goText = goSyntaxError(source.text, error);
    const upstream = index === 0 ? ` Multus: failed to unmarshal Spec.Config: ${goText}.` : '';
    const start = Math.min(error.offset, Math.max(source.text.length - 1, 0));
    source.report(
      'json-syntax',
      source.rangeOf(start, start + Math.max(error.length, 1)),
      `spec.config is not valid JSON: ${describe(source.text, error)}.${upstream}`,
      { parseError: printParseErrorCode(error.error), goError: goText },
    );
  });
  if (errors.length > 0 || !tree) return undefined;
  return tree;
}

/** Errors in a token itself (an open string, a stray character): the parser then misreads what follows. */
const SCANNER_ERRORS = new Set([
  'UnexpectedEndOfString',
  'InvalidSymbol',
  'InvalidCharacter',
  'InvalidEscapeCharacter',
]);

/**
 * One error per mistake: jsonc-parser recovers and then trips over what follows (a lone `"`
 * gave an unclosed string, a missing colon on the next line and text after the end). An error
 * on the line of the last one reported, on the next line after a broken token, and "text after
 * the end" once the structure is already broken, are consequences, not mistakes of their own.
 */
function realMistakes(text: string, errors: readonly ParseError[]): ParseError[] {
  const kept: ParseError[] = [];
  let line = 0;
  let counted = 0;
  let lastLine = -Infinity;
  for (const error of errors) {
    // Errors come in text order: count line breaks once, up to each error.
    for (; counted < Math.min(error.offset, text.length); counted++) if (text[counted] === '\n') line++;
    if (kept.length > 0 && printParseErrorCode(error.error) === 'EndOfFileExpected') continue;
    const last = kept[kept.length - 1];
    if (line === lastLine || (last && SCANNER_ERRORS.has(printParseErrorCode(last.error)) && line === lastLine + 1))
      continue;
    kept.push(error);
    lastLine = line;
  }
  return kept;
}

/** What a parse error means, in words (never the parser's token names). */
function describe(text: string, error: ParseError): string {
  if (/^\s*$/.test(text.slice(error.offset))) return 'the JSON ends before it is complete';
  const afterComma = /,\s*$/.test(text.slice(0, error.offset));
  switch (printParseErrorCode(error.error)) {
    case 'CommaExpected':
      return 'a comma is missing before this';
    case 'ColonExpected':
      return 'a colon ":" is missing after the key';
    case 'PropertyNameExpected':
      return afterComma
        ? 'a trailing comma before "}" is not allowed in JSON'
        : 'a key in double quotes was expected here';
    case 'ValueExpected':
      return afterComma ? 'a trailing comma before "]" is not allowed in JSON' : 'a value was expected here';
    case 'CloseBraceExpected':
      return 'a closing "}" is missing';
    case 'CloseBracketExpected':
      return 'a closing "]" is missing';
    case 'EndOfFileExpected':
      return 'text after the end of the JSON object';
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfString':
      return 'a string is not closed: a double quote " is missing';
    case 'InvalidSymbol':
      return 'this character cannot start a JSON value or key. Strings and keys use double quotes';
    case 'InvalidCharacter':
      return 'a tab or line break inside a string must be escaped (\\t, \\n)';
    case 'InvalidEscapeCharacter':
      return 'an unknown escape after a backslash';
    case 'InvalidUnicode':
      return 'a \\u escape needs four hexadecimal digits';
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return 'a number is not written as JSON writes numbers';
    default:
      return 'the JSON is malformed here';
  }
}

/** The message Go's encoding/json gives for the same mistake (encoding/json scanner.go). */
function goSyntaxError(text: string, error: ParseError): string {
  if (error.offset >= text.length || /^\s*$/.test(text.slice(error.offset))) return 'unexpected end of JSON input';
  const char = goQuoteChar(text[error.offset]);
  switch (printParseErrorCode(error.error)) {
    case 'CommaExpected':
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      return `invalid character ${char} after ${enclosing(text, error.offset) === '{' ? 'object key:value pair' : 'array element'}`;
    case 'ColonExpected':
      return `invalid character ${char} after object key`;
    case 'PropertyNameExpected':
      return `invalid character ${char} looking for beginning of object key string`;
    case 'EndOfFileExpected':
      return `invalid character ${char} after top-level value`;
    default:
      return `invalid character ${char} looking for beginning of value`;
  }
}

function goQuoteChar(char: string): string {
  if (char === "'") return `'\\''`;
  if (char === '"') return `'"'`;
  const quoted = JSON.stringify(char).slice(1, -1);
  return `'${quoted}'`;
}

/** The innermost open bracket before an offset, strings skipped. */
function enclosing(text: string, offset: number): string | undefined {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < offset; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch);
    else if (ch === '}' || ch === ']') stack.pop();
  }
  return stack[stack.length - 1];
}

/** Keys written twice in one object: Go's encoding/json keeps the last value. */
export function reportDuplicateKeys(source: ConfigSource, node: JsonNode): void {
  if (node.type === 'object') {
    const seen = new Map<string, JsonNode>();
    for (const { key, value } of propertiesOf(node)) {
      const earlier = seen.get(key);
      if (earlier) {
        source.atKey(
          'json-duplicate-key',
          earlier,
          `Duplicate key "${key}": this value (${shortValue(source, earlier)}) is ignored. Go's encoding/json keeps the last one (${shortValue(source, value)}).`,
          { key },
        );
      }
      seen.set(key, value);
    }
  }
  for (const child of node.children ?? []) reportDuplicateKeys(source, child);
}

function shortValue(source: ConfigSource, node: JsonNode): string {
  const text = source.text.slice(node.offset, node.offset + node.length).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The parser recurses per nesting level, so depth is measured first (hardening: JSON nested
 * 100,000 deep overflowed the stack): Go refuses more than 10000 levels (encoding/json
 * scanner.go "exceeded max depth"); deeper than MAX_CHECKED_DEPTH the config is said to be unchecked.
 */
function reportTooDeep(source: ConfigSource): boolean {
  const depth = jsonNestingDepth(source.text);
  if (depth <= MAX_CHECKED_DEPTH) return false;
  const range = source.rangeOf(0, source.text.length);
  if (depth > GO_MAX_NESTING_DEPTH) {
    source.report(
      'json-too-deep',
      range,
      `spec.config nests ${depth} levels deep. Multus: failed to unmarshal Spec.Config: exceeded max depth (Go's encoding/json stops at ${GO_MAX_NESTING_DEPTH}).`,
    );
  } else {
    source.report(
      'json-not-checked',
      range,
      `spec.config nests ${depth} levels deep and is not checked. Checks stop at ${MAX_CHECKED_DEPTH} levels; Multus accepts up to ${GO_MAX_NESTING_DEPTH}.`,
    );
  }
  return true;
}
