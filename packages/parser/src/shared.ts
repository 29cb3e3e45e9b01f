import type { Setting } from './ast.js';

// A project's parsed files stay alive for a whole lint or graph run, so every object a parse
// result keeps is copied by the young-generation collector (twice, before it is promoted) while
// the rest of the project is parsed. Most lists and settings maps of a datafile are empty: one
// shared instance for all of them keeps nothing per file.

/** The one empty list of parse results. Frozen: a caller that pushes onto a list it only reads fails loudly. */
export const EMPTY_LIST: readonly never[] = Object.freeze([]);

/**
 * The one empty settings map of parse results. The model types make settings maps read-only, and
 * no package writes them; a Map cannot be frozen, so this relies on that.
 */
export const EMPTY_SETTINGS: ReadonlyMap<string, Setting> = new Map();

/** `list` itself, or the shared empty list when it is empty (an empty array still costs an object). */
export function listOrEmpty<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? EMPTY_LIST : list;
}

/**
 * `list` as an array of exactly its length (or the shared empty list). An array filled by `push`
 * keeps the spare capacity it grew (17 slots for the first element): worth a copy for the lists
 * a parse result keeps.
 */
export function exactList<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? EMPTY_LIST : list.slice();
}
