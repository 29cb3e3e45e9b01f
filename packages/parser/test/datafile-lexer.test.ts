import { Lexer } from 'chevrotain';
import { describe, expect, test } from 'vitest';
import { DATAFILE_LEXER_DEFINITION } from '../src/datafile-lexer.js';

// The parser builds its lexer with `skipValidations`; the checks it skips run here.
describe('the datafile lexer definition', () => {
  test('passes chevrotain\'s definition checks', () => {
    const lexer = new Lexer(DATAFILE_LEXER_DEFINITION, { positionTracking: 'onlyOffset', ensureOptimizations: false, recoveryEnabled: true, skipValidations: false });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });

  test('fails them when a mode is broken, so the test above can fail', () => {
    const broken = { ...DATAFILE_LEXER_DEFINITION, defaultMode: 'nowhere' };
    expect(() => new Lexer(broken, { positionTracking: 'onlyOffset', skipValidations: false })).toThrow(/nowhere/);
  });
});
