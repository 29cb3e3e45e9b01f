import path from 'node:path';

// Ports of globby 16's ignore.js (`normalizeIgnoreFileLine`, `readIgnoreFileLines`,
// `applyBaseToPattern`). globbySync with `gitignore: true` is the reference our filter must agree
// with, so these keep its exact rules, quirks included, rather than git's.

/**
 * A raw .gitignore line as git reads it: byte order mark and trailing whitespace stripped, except
 * that a backslash-escaped trailing space is kept (still escaped, so `ignore` keeps it too).
 */
export function normalizeIgnoreFileLine(raw: string): string {
  const line = raw.replace(/^\uFEFF/u, '');
  let whitespaceStart = line.length;
  while (whitespaceStart > 0 && /\s/u.test(line[whitespaceStart - 1]!)) whitespaceStart--;
  if (whitespaceStart === line.length) return line;
  let backslashes = 0;
  for (let i = whitespaceStart - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1 ? `${line.slice(0, whitespaceStart)} ` : line.slice(0, whitespaceStart);
}

/** The rule lines of a .gitignore file: normalized, without blank lines and comments. */
export function readIgnoreFileLines(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map(normalizeIgnoreFileLine)
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * `pattern`, declared by the .gitignore in directory `base` (a '/'-path relative to the base
 * directory, '' for the base itself), rewritten relative to the base directory so one matcher can
 * hold every file's rules: a pattern with no leading or middle slash matches at any depth below
 * its file, any other is anchored to its file's directory.
 */
export function applyBaseToPattern(pattern: string, base: string): string {
  if (!base) return pattern;
  const negative = pattern.startsWith('!');
  const clean = negative ? pattern.slice(1) : pattern;
  const slash = clean.indexOf('/');
  const anchored = slash !== -1 && slash !== clean.length - 1;
  let result: string;
  if (!anchored) result = path.posix.join(base, '**', clean);
  else if (clean.startsWith('/')) result = path.posix.join(base, clean.slice(1));
  else result = path.posix.join(base, clean);
  return negative ? `!${result}` : result;
}
