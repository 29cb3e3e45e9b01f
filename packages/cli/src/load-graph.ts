import path from 'node:path';
import { loadProject, type ProjectGraph } from '@tb-refs/graph';

/** Loads the project in `dir` (relative to `cwd`); paths inside stay relative to `dir`. */
export async function loadGraphFor(dir: string, cwd: string): Promise<ProjectGraph> {
  return loadProject(path.resolve(cwd, dir));
}
