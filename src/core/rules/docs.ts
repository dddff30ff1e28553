/** Where each rule's docs page is published: its id links here from the editor, SARIF and reports. */
export const RULE_DOCS_BASE = 'https://github.com/okr-lens/okr-lens/blob/main/docs/rules/';

/** The docs page of a rule. */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${ruleId}.md`;
}
