/**
 * A reader for the YAML subset this repository's action.yml and .pre-commit-hooks.yaml use (no
 * YAML library is a dependency): block mappings and sequences by indentation, `|` literal block
 * scalars, plain and single- or double-quoted scalars (kept as strings), comments.
 * Anything else (flow collections, anchors, folded scalars, tabs) throws, so the test notices.
 */
export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly number: number;
}

export function parseYaml(source: string): YamlValue {
  const raw = source.replace(/\r\n?/g, '\n').split('\n');
  const lines: Line[] = [];
  raw.forEach((text, i) => {
    if (/^\s*(#.*)?$/.test(text)) return;
    if (/^\t/.test(text)) throw new Error(`line ${i + 1}: tab indentation`);
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: i + 1 });
  });
  let pos = 0;

  function fail(line: Line | undefined, message: string): never {
    throw new Error(`line ${line?.number ?? 'EOF'}: ${message}`);
  }

  function scalar(text: string, line: Line): string {
    if (text.startsWith("'")) {
      if (!text.endsWith("'") || text.length < 2) fail(line, 'unterminated single-quoted scalar');
      return text.slice(1, -1).replaceAll("''", "'");
    }
    if (text.startsWith('"')) {
      if (!text.endsWith('"') || text.length < 2) fail(line, 'unterminated double-quoted scalar');
      return JSON.parse(text) as string;
    }
    if (/^[[{&*!>]/.test(text)) fail(line, `unsupported YAML: ${text}`);
    // A comment after a plain scalar.
    return text.replace(/\s+#.*$/, '');
  }

  /** The `|` block scalar whose lines are indented more than `parentIndent` (raw text, to keep blank lines). */
  function literal(parentIndent: number, header: Line): string {
    const start = header.number; // 1-based number of the header line = index of the next raw line
    let end = start;
    let indent: number | undefined;
    while (end < raw.length) {
      const text = raw[end]!;
      if (text.trim() !== '') {
        const own = text.length - text.trimStart().length;
        if (own <= parentIndent) break;
        indent ??= own;
      }
      end++;
    }
    while (pos < lines.length && lines[pos]!.number <= end) pos++;
    const body = raw.slice(start, end).map((t) => t.slice(indent ?? 0));
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    return `${body.join('\n')}\n`;
  }

  /** The value after `key:` or `- ` on `line`: inline, a block scalar, or a nested block. */
  function valueAfter(rest: string, line: Line, indent: number): YamlValue {
    if (rest === '|' || rest === '|-') {
      const text = literal(indent, line);
      return rest === '|-' ? text.replace(/\n$/, '') : text;
    }
    if (rest !== '') return scalar(rest, line);
    const next = lines[pos];
    if (next === undefined || next.indent < indent || (next.indent === indent && !next.text.startsWith('- '))) return '';
    return block(next.indent);
  }

  function block(indent: number): YamlValue {
    const first = lines[pos]!;
    if (first.text.startsWith('- ') || first.text === '-') {
      const items: YamlValue[] = [];
      while (pos < lines.length && lines[pos]!.indent === indent && (lines[pos]!.text.startsWith('- ') || lines[pos]!.text === '-')) {
        const line = lines[pos]!;
        const rest = line.text.slice(1).trimStart();
        const itemIndent = indent + (line.text.length - rest.length);
        if (/^[\w.-]+:(\s|$)/.test(rest)) {
          // A mapping starting on the dash line: re-read it as a line at the item's indent.
          lines[pos] = { indent: itemIndent, text: rest, number: line.number };
          items.push(block(itemIndent));
        } else {
          pos++;
          items.push(valueAfter(rest, line, indent));
        }
      }
      return items;
    }
    const map: { [key: string]: YamlValue } = {};
    while (pos < lines.length && lines[pos]!.indent === indent) {
      const line = lines[pos]!;
      const match = /^([\w.-]+):(?:\s+(.*))?$/.exec(line.text);
      if (!match) fail(line, `expected "key: value", found ${line.text}`);
      pos++;
      if (Object.hasOwn(map, match[1]!)) fail(line, `duplicate key ${match[1]}`);
      map[match[1]!] = valueAfter((match[2] ?? '').trim(), line, indent);
    }
    if (pos < lines.length && lines[pos]!.indent > indent) fail(lines[pos], 'unexpected indentation');
    return map;
  }

  if (lines.length === 0) return '';
  const result = block(lines[0]!.indent);
  if (pos < lines.length) fail(lines[pos], 'unexpected content');
  return result;
}
