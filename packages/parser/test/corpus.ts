import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The real-world corpus lives beside the repository (../shared/corpus from the repo root) and is
// never copied into it. TB_REFS_CORPUS points elsewhere.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of the corpus folder (it may not exist). */
export const corpusDir = path.resolve(process.env.TB_REFS_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));

export const corpusExists = existsSync(corpusDir);

/** Datafiles the conformance test covers. */
const DATAFILE = /\.(datasource|pipe|incl|connection)$/;
/** Stray backups kept in the corpus: real files a glob might meet. */
const BACKUP = /\.(pipe_bak|pipe\.backup|datasource\.backup)$/;

export interface CorpusFile {
  /** Path relative to the corpus folder, `/`-separated. */
  readonly name: string;
  readonly path: string;
  readonly backup: boolean;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** Every datafile (and backup) of the corpus, sorted by name; empty when there is no corpus. */
export function corpusFiles(): CorpusFile[] {
  if (!corpusExists) return [];
  const all: string[] = [];
  walk(corpusDir, all);
  return all
    .filter((p) => DATAFILE.test(p) || BACKUP.test(p))
    .map((p) => ({ name: path.relative(corpusDir, p).split(path.sep).join('/'), path: p, backup: BACKUP.test(p) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function readCorpusFile(file: CorpusFile): string {
  return readFileSync(file.path, 'utf8');
}

/** Prints once why corpus tests are skipped. */
export function noticeIfNoCorpus(what: string): void {
  if (!corpusExists) {
    // eslint-disable-next-line no-console -- the notice is the point: a skipped suite must say why.
    console.log(`[parser] ${what} skipped: no corpus at ${corpusDir} (set TB_REFS_CORPUS to point at one).`);
  }
}
