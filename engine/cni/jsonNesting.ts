/** Go's encoding/json refuses values nested deeper than this (scanner.go maxNestingDepth). */
export const GO_MAX_NESTING_DEPTH = 10000;

/** Deeper than this we do not build a tree: the recursive parser would run out of stack. */
export const MAX_CHECKED_DEPTH = 4000;

/**
 * The deepest `[`/`{` nesting in a JSON text, counted without recursion and without looking
 * inside strings, so hostile input is measured before anything recursive touches it.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) deepest = Math.max(deepest, ++depth);
    else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--;
  }
  return deepest;
}
