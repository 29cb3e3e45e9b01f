export type {
  AnyRule, LintSettings, MessageData, RelatedDescriptor, ReportDescriptor, Rule, RuleCategory, RuleContext,
  RuleListener, RuleMeta, RuleScope, RuleType, SeverityLevel, SeverityName, SourceLocation, SuggestionDescriptor,
  VisitedNodes,
} from './rule.js';
export { defineRule } from './define-rule.js';
export type { RuleDefinition } from './define-rule.js';
export type { OptionsSchema } from './options-schema.js';
export { validateOptions } from './options-schema.js';
export { lintProject } from './linter.js';
export type { LintOptions, LintResult } from './linter.js';
export { MAX_FIX_PASSES, applyFixes, mergeEdits } from './apply-fixes.js';
export type { FixPassResult } from './apply-fixes.js';
export { UNUSED_DIRECTIVE_RULE_ID, applyDisableDirectives, parseDisableDirectives } from './disable-directives.js';
export type { ApplyDirectivesOptions, DirectiveOutcome, DisableDirective } from './disable-directives.js';
export {
  CONFIG_FILE_NAMES, defaultConfig, defaultSettings, loadConfig, ruleSettingsFor, settingsOf, severityName,
} from './config.js';
export type { ConfigOverride, EffectiveRuleSetting, LintConfig, LoadConfigOptions, RuleEntry, RulesConfig } from './config.js';
export { validateConfig } from './validate-config.js';
export { globToRegExp, isIgnoredPath, matchesGlob } from './glob.js';
export { interpolate } from './report-translator.js';
export { builtinRules } from './rules/index.js';
