/**
 * JSON text as Go's encoding/json MarshalIndent writes it: keys in the given order, `{}` and
 * `[]` for empty values, and HTML-safe string escaping (`<` as \u003c), which is why a nil
 * gateway appears as "\u003cnil\u003e" in a real network-status annotation.
 */
export function goMarshalIndent(value: unknown, indent = '    ', prefix = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = prefix + indent;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + goMarshalIndent(item, indent, inner)).join(',\n')}\n${prefix}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const body = entries.map(([key, item]) => `${inner}${goQuote(key)}: ${goMarshalIndent(item, indent, inner)}`);
  return `{\n${body.join(',\n')}\n${prefix}}`;
}

const HEX = '0123456789abcdef';

/** encoding/json's string encoder with HTML escaping on (the default for Marshal). */
export function goQuote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i];
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) {
      out += `\\u${code
        .toString(16)
        .padStart(4, '0')
        .replace(/./g, (d) => HEX[parseInt(d, 16)])}`;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
        out += ch + text[i + 1];
        i++;
      } else out += '\\ufffd';
    } else out += ch;
  }
  return `${out}"`;
}
