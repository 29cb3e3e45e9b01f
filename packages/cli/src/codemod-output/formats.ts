// Its own module so command definitions can name the formats without loading the codemod
// package (and ts-morph) before a codemod actually runs.
/** Output formats of the codemod commands. */
export const CODEMOD_FORMATS = ['diff', 'json'] as const;
