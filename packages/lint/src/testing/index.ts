export { RuleTester } from './rule-tester.js';
export type { InvalidTestCase, RuleTests, TestCaseError, TestCaseSuggestion, ValidTestCase } from './rule-tester.js';
export { dedent } from './dedent.js';
