// GitHub Actions' job summary: Markdown appended to the file $GITHUB_STEP_SUMMARY names, when set.

import { appendFileSync } from 'node:fs';

export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown);
}
