import type { Reporter } from './lint-report.js';

/**
 * GitHub Actions workflow commands, one line per problem, which the runner turns into
 * annotations on the pull request's diff:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. Paths are
 * cwd-relative, so run from the repository root. The help sentence, when there is one, follows
 * the message on a new (escaped) line. Empty output when there are no problems.
 */
export const githubReporter: Reporter = (results) => {
  let out = '';
  for (const result of results) {
    for (const m of result.messages) {
      const properties = [
        ['file', m.file],
        ['line', String(m.line)],
        ['col', String(m.column)],
        ['endLine', String(m.endLine)],
        ['endColumn', String(m.endColumn)],
        ['title', `tb-refs(${m.ruleId})`],
      ]
        .map(([key, value]) => `${key}=${escapeProperty(value ?? '')}`)
        .join(',');
      const text = m.help === undefined ? m.message : `${m.message}\n${m.help}`;
      out += `::${m.severity === 'error' ? 'error' : 'warning'} ${properties}::${escapeData(text)}\n`;
    }
  }
  return out;
};

/** Escapes a command's message the way the runner's `toCommandValue` expects: `%`, CR, LF. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a command property value: the message escapes plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
