/** Go's encoding/json refuses values nested deeper than this (scanner.go maxNestingDepth). */
export const GO_MAX_NESTING_DEPTH = 10000;

/**
 * Deeper than this we do not build a tree: the recursive parser and jsonc-parser's
 * getNodeValue run out of stack. At 4000 a config nested 2500 deep overflowed Node's default
 * stack inside the checks (hardening); 1000 leaves room for the callers' frames.
 */
export const MAX_CHECKED_DEPTH = 1000;

/**
 * The deepest `[`/`{` nesting in a JSON text, counted without recursion and without looking
 * inside strings, so hostile input is measured before anything recursive touches it.
 */
export function jsonNestingDepth(text: string): number {
  return scanNesting(text, Infinity).deepest;
}

/** The index of the `[` or `{` that first nests deeper than `limit`, or -1 (same scan as above). */
export function indexBeyondDepth(text: string, limit: number): number {
  return scanNesting(text, limit).beyond;
}

/** One pass over the text: the deepest nesting, and where it first goes past `limit` (the scan stops there). */
function scanNesting(text: string, limit: number): { deepest: number; beyond: number } {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      deepest = Math.max(deepest, ++depth);
      if (depth > limit) return { deepest, beyond: i };
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--;
  }
  return { deepest, beyond: -1 };
}
