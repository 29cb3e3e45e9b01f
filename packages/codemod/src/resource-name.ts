import { UsageError } from '@tb-refs/core';

/**
 * Names Tinybird accepts for datasources and pipes: letters, digits and underscores, not starting
 * with a digit. The file stem is the name, so this also keeps file names portable.
 */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a valid Tinybird datasource or pipe name. */
export function isValidResourceName(name: string): boolean {
  return RESOURCE_NAME_PATTERN.test(name);
}

/** Throws a UsageError naming `role` (`old`/`new`) when `name` is not a valid resource name. */
export function assertValidResourceName(name: string, role: 'old' | 'new'): void {
  if (isValidResourceName(name)) return;
  throw new UsageError(
    `"${name}" is not a valid Tinybird resource name (the ${role} name).\n` +
      '  expected: letters, digits and underscores, not starting with a digit (e.g. activities_v2)',
  );
}
