import { describe, expect, test } from 'vitest';
import { parseDatafile } from '../src/index.js';
import { corpusExists, corpusFiles, noticeIfNoCorpus, readCorpusFile } from './corpus.js';
import { expectInvariants } from './invariants.js';

// Conformance on real projects (../shared/corpus/README.md): every datafile parses without an
// error diagnostic and round-trips byte for byte.

noticeIfNoCorpus('corpus conformance tests');
const files = corpusFiles();

describe.skipIf(!corpusExists)('corpus conformance', () => {
  test('the corpus holds the datafiles its README counts', () => {
    const count = (re: RegExp) => files.filter((f) => re.test(f.name)).length;
    expect(count(/\.datasource$/)).toBeGreaterThanOrEqual(300);
    expect(count(/\.pipe$/)).toBeGreaterThanOrEqual(800);
    expect(count(/\.incl$/)).toBeGreaterThanOrEqual(1);
    expect(count(/\.connection$/)).toBeGreaterThanOrEqual(1);
  });

  test.for(files)('$name', (file) => {
    const source = readCorpusFile(file);
    const parsed = parseDatafile(source, { fileName: file.name });
    expectInvariants(source, parsed, file.name);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.messageId}: ${d.message}`);
    expect(errors).toEqual([]);
    if (parsed.kind === 'pipe' && !file.backup) expect(parsed.pipe!.nodes.length).toBeGreaterThan(0);
  });
});
