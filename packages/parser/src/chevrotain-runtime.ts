import type * as Chevrotain from 'chevrotain';

// chevrotain's package entry loads some 250 lodash-es modules, about half a second of a cold
// start (the CLI's whole budget). The package also publishes its single-file build, same
// version and API, which loads in a few milliseconds; its exports map hides it, so find it
// beside the entry. Module runners without `import.meta.resolve` (vitest) use the entry.
async function loadChevrotain(): Promise<typeof Chevrotain> {
  try {
    const bundle = new URL('../chevrotain.min.mjs', import.meta.resolve('chevrotain'));
    return (await import(bundle.href)) as typeof Chevrotain;
  } catch {
    return import('chevrotain');
  }
}

const chevrotain = await loadChevrotain();

/** chevrotain's `createToken`, from its single-file build. */
export const createToken: typeof Chevrotain.createToken = chevrotain.createToken;
/** chevrotain's `Lexer`, from its single-file build. */
export const Lexer: typeof Chevrotain.Lexer = chevrotain.Lexer;
