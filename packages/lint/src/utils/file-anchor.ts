import type { ParsedDatafile, Range } from '@tb-refs/parser';

/**
 * Where to report a finding about a whole file: the first directive's word (a file-level
 * problem still needs a location a code frame can show), or the file start when empty.
 */
export function fileAnchor(parsed: ParsedDatafile): Range {
  const first = parsed.directives[0];
  return first ? first.nameRange : { start: 0, end: 0 };
}
