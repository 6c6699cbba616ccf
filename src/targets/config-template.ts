// Backend config files kept as templates under stack/<backend>/ and filled at launch: `${NAME}`
// placeholders become ports, data dirs and downstream URLs. The same files are mounted by
// stack/docker-compose.yaml, where the Collector fills the same names from its environment.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObsbenchError } from '../errors.js';
import { packageRoot } from '../package-root.js';

const PLACEHOLDER_RE = /\$\{([^}]*)\}/g;

/**
 * Replace every `${NAME}` in `text` by `values[NAME]`. Full-line YAML comments are left as they
 * are (they may mention placeholders). An unknown or malformed placeholder is an error naming the
 * template, the line and the names it may use: a typo must not reach the backend as literal text.
 */
export function renderTemplate(
  text: string,
  values: Readonly<Record<string, string | number>>,
  templateName: string,
): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('${') || line.trimStart().startsWith('#')) continue;
    lines[i] = line.replace(PLACEHOLDER_RE, (_match, name: string) => {
      if (Object.hasOwn(values, name)) return String(values[name]);
      throw new ObsbenchError(
        'E_TARGET',
        `${templateName}:${i + 1}: unknown placeholder \${${name}}; known: ${Object.keys(values).sort().join(', ') || '(none)'}. Fix the template or use one of those names`,
      );
    });
  }
  return lines.join('\n');
}

/** The placeholder names a template uses (full-line comments excluded), sorted and unique. */
export function templatePlaceholders(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('#')) continue;
    for (const match of line.matchAll(PLACEHOLDER_RE)) names.add(match[1]);
  }
  return [...names].sort();
}

/** Absolute path of a file under the repo's stack/ directory. */
export function stackConfigPath(relativePath: string): string {
  return join(packageRoot(), 'stack', relativePath);
}

/** Read stack/<relativePath> and fill its placeholders. */
export function renderStackConfig(
  relativePath: string,
  values: Readonly<Record<string, string | number>>,
): string {
  const path = stackConfigPath(relativePath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ObsbenchError(
      'E_TARGET',
      `config template stack/${relativePath} cannot be read (${(cause as { code?: string }).code ?? String(cause)}); is the obsbench checkout complete?`,
      { cause },
    );
  }
  return renderTemplate(text, values, `stack/${relativePath}`);
}
