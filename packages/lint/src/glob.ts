/**
 * A small glob matcher for config `files`/`ignores` (Node 20 has no `path.matchesGlob`):
 * `**` (any number of folders), `*` and `?` (within one path segment), `{a,b}` (alternatives,
 * nestable) and `[abc]` classes. Paths and patterns are '/'-separated; a leading `./` is ignored
 * and a trailing `/` means "everything below".
 */
export function globToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (p.endsWith('/')) p += '**';
  return new RegExp(`^${translate(p)}$`);
}

const cache = new Map<string, RegExp>();

/** True when the whole `path` matches `pattern`. */
export function matchesGlob(path: string, pattern: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = globToRegExp(pattern);
    cache.set(pattern, re);
  }
  return re.test(path.replace(/^\.\//, ''));
}

/** True when `path` or one of its parent folders matches a pattern (gitignore-like ignores). */
export function isIgnoredPath(path: string, patterns: readonly string[]): boolean {
  const parts = path.split('/');
  for (let i = parts.length; i > 0; i--) {
    const prefix = parts.slice(0, i).join('/');
    if (patterns.some((p) => matchesGlob(prefix, p))) return true;
  }
  return false;
}

function translate(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      const atStart = i === 0 || p[i - 1] === '/';
      const atEnd = i + 2 === p.length || p[i + 2] === '/';
      if (atStart && atEnd) {
        // `**/` matches zero or more whole folders; a final `**` matches anything below.
        if (i + 2 === p.length) out += '.*';
        else {
          out += '(?:[^/]*/)*';
          i++;
        }
        i++;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = matchingBrace(p, i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${splitAlternatives(p.slice(i + 1, end)).map(translate).join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = p.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return out;
}

function matchingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
