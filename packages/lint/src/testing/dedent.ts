/**
 * Template tag that removes the common indentation of a multi-line literal, and its first and
 * last line when they are blank, so datafiles can be written indented inside tests.
 *
 * @example
 * dedent`
 *   ENGINE "MergeTree"
 * ` === 'ENGINE "MergeTree"'
 */
export function dedent(strings: TemplateStringsArray | string, ...values: unknown[]): string {
  const raw = typeof strings === 'string' ? strings : strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.split('\n');
  if (lines[0]?.trim() === '') lines.shift();
  if (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)![0].length))).join('\n');
}
