import type { Io } from './io.js';

/**
 * Whether to colour the output. An explicit `--color`/`--no-color` wins; otherwise NO_COLOR
 * (https://no-color.org: any non-empty value) turns it off and FORCE_COLOR turns it on, so that
 * `tb-refs check | less -R` can keep colours.
 */
export function shouldUseColor(flag: boolean | undefined, io: Pick<Io, 'env' | 'isTTY'>): boolean {
  if (flag !== undefined) return flag;
  if (io.env['NO_COLOR']) return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  return io.isTTY;
}
