/**
 * Joins items the way a sentence lists them: "a", "a and b", "a, b and c" (or "or" for
 * alternatives). Every generated list in a user-facing message goes through here.
 */
export function plainList(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
