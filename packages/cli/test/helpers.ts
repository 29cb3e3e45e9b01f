import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Io } from '../src/io.js';
import { main } from '../src/main.js';

/** An Io that records what the CLI writes, for `main(argv, io)` tests. */
export interface FakeIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

export function createFakeIo(cwd: string, overrides: Partial<Pick<Io, 'env' | 'isTTY'>> = {}): FakeIo {
  let out = '';
  let err = '';
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    cwd,
    isTTY: overrides.isTTY ?? false,
    env: overrides.env ?? {},
    out: () => out,
    err: () => err,
  };
}

/** Tracks temp projects so `cleanupProjects()` in afterEach can remove them. */
const created: string[] = [];

/** Writes `files` (relative path → content) into a fresh temp directory and returns its path. */
export function createProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-cli-'));
  created.push(root);
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

export function cleanupProjects(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

export const CLEAN_DATASOURCE = `DESCRIPTION >
    Page views

SCHEMA >
    \`timestamp\` DateTime \`json:$.timestamp\`,
    \`user_id\` String \`json:$.user_id\`

ENGINE "MergeTree"
ENGINE_SORTING_KEY "timestamp"
`;

export const CLEAN_PIPE = `NODE top_users
SQL >
    SELECT user_id, count() AS views
    FROM events
    GROUP BY user_id

TYPE endpoint
`;

/**
 * Line 1 misspells ENGINE, which the parser reports as an unknown directive. It comes first because
 * an unknown word right after a `>` block continues the block, as in the Tinybird CLI.
 */
export const TYPO_DATASOURCE = `ENGIN "MergeTree"
ENGINE_SORTING_KEY "timestamp"

SCHEMA >
    \`timestamp\` DateTime \`json:$.timestamp\`
`;

/** A small project for lint tests: `events` (clean), an endpoint reading it, and `users`. */
export const LINT_EVENTS = `SCHEMA >
    \`timestamp\` DateTime \`json:$.timestamp\`,
    \`user_id\` String \`json:$.user_id\`

ENGINE "MergeTree"
ENGINE_SORTING_KEY "timestamp"
`;

/** Reads `events`, which another file defines: clean only when the whole project is read. */
export const LINT_TOP_USERS = `NODE count_views
SQL >
    SELECT user_id, count() AS views
    FROM events
    GROUP BY user_id

TYPE endpoint
`;

/** A ReplacingMergeTree without ENGINE_VER (an error on line 5) that nothing reads (a warning). */
export const LINT_USERS = `SCHEMA >
    \`id\` String \`json:$.id\`,
    \`updatedAt\` DateTime \`json:$.updatedAt\`

ENGINE "ReplacingMergeTree"
ENGINE_SORTING_KEY "id"
`;

/** Runs the CLI in-process in `cwd` and returns its exit code and what it wrote. */
export async function runCli(argv: readonly string[], cwd: string, overrides?: Parameters<typeof createFakeIo>[1]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = createFakeIo(cwd, overrides);
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
