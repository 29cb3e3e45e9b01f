export { renameResource } from './rename-resource.js';
export type { RenameOptions } from './rename-resource.js';
export { repointConsumers } from './repoint-consumers.js';
export type { RepointOptions, RepointScope } from './repoint-consumers.js';
export { loadRenameInputs, repositoryRoot } from './load-rename-inputs.js';
export type { LoadRenameInputsOptions, RenameInputs } from './load-rename-inputs.js';
export { summarizePlan } from './plan.js';
export type {
  CodemodPlan, EditKind, FileChange, FileRename, PlannedEdit, PlanSummary, PlanWarning, RenameReason, StillReading, WarningCode,
} from './plan.js';
export { applyTextEdits } from './text-edits.js';
export { isValidResourceName, RESOURCE_NAME_PATTERN } from './resource-name.js';
export type { CompanionText } from './companions/companion-files.js';
export type { TypeScriptSource } from './typescript/rename-in-typescript.js';
