import { posix } from 'node:path';

/**
 * The project-relative path an INCLUDE names, resolved against the including file's folder, or
 * undefined when it escapes the project root.
 */
export function resolveIncludePath(includingFile: string, includePath: string): string | undefined {
  if (posix.isAbsolute(includePath)) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(includingFile), includePath.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined;
}
