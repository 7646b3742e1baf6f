import { GO_MAX_NESTING_DEPTH, indexBeyondDepth, jsonNestingDepth } from '../cni/jsonNesting';

/**
 * The message Go's encoding/json gives for malformed JSON (scanner.go), so errors about the
 * annotation read exactly as Multus logs them: `invalid character 'a' looking for beginning
 * of value`, `unexpected end of JSON input`. Undefined when the text is valid JSON.
 */
export function goJsonSyntaxError(text: string): string | undefined {
  // Go stops past 10000 levels (scanner.go pushParseState); deep text never reaches our recursion.
  const beyond = indexBeyondDepth(text, GO_MAX_NESTING_DEPTH);
  if (beyond >= 0) return `invalid character ${quoteChar(text[beyond])} exceeded max depth`;
  if (jsonNestingDepth(text) > RECURSIVE_SCAN_DEPTH) return nativeSyntaxError(text);
  const scanner = new Scanner(text);
  try {
    scanner.skipSpace();
    scanner.value('looking for beginning of value');
    scanner.skipSpace();
    if (scanner.pos < text.length) scanner.fail('after top-level value');
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxFailure) return error.message;
    throw error;
  }
}

/** Deeper than this the recursive scanner could exhaust the stack; V8's own parser checks instead. */
const RECURSIVE_SCAN_DEPTH = 1000;

function nativeSyntaxError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

class SyntaxFailure extends Error {}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(context: string): never {
    if (this.pos >= this.text.length) throw new SyntaxFailure('unexpected end of JSON input');
    throw new SyntaxFailure(`invalid character ${quoteChar(this.text[this.pos])} ${context}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  value(context: string): void {
    const ch = this.text[this.pos];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (ch === literal[0]) return this.literal(literal);
    }
    this.fail(context);
  }

  private object(): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('after object key');
      this.pos++;
      this.skipSpace();
      this.value('looking for beginning of value');
      if (!this.more('}', 'after object key:value pair')) return;
    }
  }

  private array(): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value('looking for beginning of value');
      if (!this.more(']', 'after array element')) return;
    }
  }

  /** After a member or an element: a `,` means more (true), the closing bracket ends (false), anything else fails. */
  private more(close: '}' | ']', context: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] === ',') {
      this.pos++;
      this.skipSpace();
      return true;
    }
    if (this.text[this.pos] !== close) this.fail(context);
    this.pos++;
    return false;
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail('in string literal');
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch < ' ') this.fail('in string literal');
      if (ch === '\\') {
        this.pos++;
        const escape = this.text[this.pos];
        if (escape === 'u') {
          for (let i = 0; i < 4; i++) {
            this.pos++;
            if (!/[0-9a-fA-F]/.test(this.text[this.pos] ?? '')) this.fail('in \\u hexadecimal character escape');
          }
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail('in string escape code');
      }
      this.pos++;
    }
  }

  private number(): void {
    if (this.text[this.pos] === '-') {
      this.pos++;
      if (!/[0-9]/.test(this.text[this.pos] ?? '')) this.fail('in numeric literal');
    }
    if (this.text[this.pos] === '0') this.pos++;
    else while (/[0-9]/.test(this.text[this.pos] ?? '')) this.pos++;
    if (this.text[this.pos] === '.') {
      this.pos++;
      if (!/[0-9]/.test(this.text[this.pos] ?? '')) this.fail('after decimal point in numeric literal');
      while (/[0-9]/.test(this.text[this.pos] ?? '')) this.pos++;
    }
    if (this.text[this.pos] === 'e' || this.text[this.pos] === 'E') {
      this.pos++;
      if (this.text[this.pos] === '+' || this.text[this.pos] === '-') this.pos++;
      if (!/[0-9]/.test(this.text[this.pos] ?? '')) this.fail('in exponent of numeric literal');
      while (/[0-9]/.test(this.text[this.pos] ?? '')) this.pos++;
    }
  }

  private literal(word: string): void {
    for (let i = 1; i < word.length; i++) {
      this.pos++;
      if (this.text[this.pos] !== word[i]) this.fail(`in literal ${word} (expecting '${word[i]}')`);
    }
    this.pos++;
  }
}

/** quoteChar (scanner.go): `'\''` for a quote, `'"'` for a double quote, else strconv.Quote without the quotes. */
function quoteChar(ch: string): string {
  if (ch === "'") return `'\\''`;
  if (ch === '"') return `'"'`;
  const quoted = JSON.stringify(ch).slice(1, -1);
  return `'${quoted}'`;
}
