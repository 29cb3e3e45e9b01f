import { isKnownError } from '@tb-refs/core';

/**
 * The stderr text for an error that ended the run. Known errors (bad usage, bad config) get one
 * line plus their cause and no stack; anything else is a bug, so it gets the full stack with the
 * cwd replaced by `<cwd>` (safe to paste into an issue) and a request to report it.
 */
export function renderError(error: unknown, cwd: string): string {
  if (isKnownError(error)) {
    const cause = error.cause instanceof Error ? `\n  cause: ${error.cause.message}` : '';
    return `tb-refs: ${error.message}${cause}\n`;
  }
  const lines = [`tb-refs: internal error: ${error instanceof Error ? error.message : String(error)}`];
  for (let current: unknown = error; current !== undefined; ) {
    lines.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push('Caused by:');
  }
  lines.push('This is a bug in tb-refs. Please report it with the command you ran and the output above.');
  return `${lines.join('\n').replaceAll(cwd, '<cwd>')}\n`;
}
