/**
 * True for the characters JavaScript's `\s` matches without the `u` flag. Template operators are
 * read the way Tinybird's pattern `^\{%-?\s*([A-Za-z_]+)` reads them, and the graph's reference
 * scan and the lint rules both test for them character by character, without a regex.
 */
export function isPatternSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
