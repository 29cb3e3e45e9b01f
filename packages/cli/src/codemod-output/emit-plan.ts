import type { CodemodPlan } from '@tb-refs/codemod';
import type { CommandContext } from '../commands/command-context.js';
import { planToDiff, planToJson, planToSummary } from './render-plan.js';
import type { CODEMOD_FORMATS } from './formats.js';

export { CODEMOD_FORMATS } from './formats.js';


/**
 * Prints a plan and, with `write`, applies it. The diff goes to stdout and the summary to stderr;
 * with `json`, stdout holds only the JSON document. Writing happens before anything is printed,
 * so a failed write prints only the error.
 */
export async function emitPlan(context: CommandContext, plan: CodemodPlan, format: (typeof CODEMOD_FORMATS)[number], write: boolean): Promise<void> {
  const { io } = context;
  if (write) {
    const { writePlan } = await import('../write-plan.js');
    await writePlan(plan);
  }
  if (format === 'json') {
    io.stdout(planToJson(plan, io.cwd, write));
  } else {
    io.stdout(planToDiff(plan, io.cwd));
    io.stderr(planToSummary(plan, io.cwd, write));
  }
  context.exitCode = 0;
}
