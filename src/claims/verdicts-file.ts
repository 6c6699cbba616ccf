// A verdicts.json that obsbench validate wrote, read back and checked field by field: for
// validate --against and for the report page of claims. One check, so both refuse the same files
// with the same one-line error naming the field.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkFields, readJson } from '../compare/inputs.js';
import { ObsbenchError } from '../errors.js';
import type { ClaimVerdict } from './evaluate.js';

const FIX = 'run obsbench validate again, or fix the file';

/** `json` as claim verdicts, or an error naming the file and the first field that is wrong. */
export function checkVerdicts(file: string, json: unknown): ClaimVerdict[] {
  if (!Array.isArray(json)) {
    throw new ObsbenchError('E_COMPARE_INPUT', `${file}: not a list of claim verdicts; ${FIX}`);
  }
  for (const [i, v] of json.entries()) {
    checkFields(
      file,
      `[${i}]`,
      v,
      {
        id: 'string',
        statement: 'string',
        verdict: 'string',
        stated: 'string',
        measured: 'number|null',
        perCore: 'number|null',
        unit: 'string',
        conditions: 'string',
        reason: 'string',
        interval: 'object|null',
        method: 'string?',
        methodAgreement: 'object?',
        peers: 'array?',
      },
      FIX,
    );
    for (const [j, p] of (v.peers ?? []).entries())
      checkFields(
        file,
        `[${i}].peers[${j}]`,
        p,
        {
          id: 'string',
          label: 'string',
          measured: 'number|null',
          interval: 'object|null',
          unit: 'string',
          conditions: 'string',
          note: 'string',
        },
        FIX,
      );
    if (v.interval)
      checkFields(file, `[${i}].interval`, v.interval, { low: 'number', high: 'number', n: 'number' }, FIX);
    if (v.methodAgreement)
      checkFields(
        file,
        `[${i}].methodAgreement`,
        v.methodAgreement,
        {
          run: 'string',
          cpuLimitCores: 'number',
          fullCorePerCore: 'number|null',
          quotaPerCore: 'number|null',
          spread: 'number|null',
          maxSpread: 'number',
          agrees: 'boolean|null',
          summary: 'string',
        },
        FIX,
      );
  }
  return json as ClaimVerdict[];
}

/** The verdicts of a verdicts.json, or of validate's directory holding one. */
export function readVerdictsFile(path: string): { file: string; verdicts: ClaimVerdict[] } {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'verdicts.json') : path;
  if (!existsSync(file)) {
    throw new ObsbenchError(
      'E_USAGE',
      `${path}: no verdicts.json there; give the directory an earlier obsbench validate wrote (the one holding its verdicts.json)`,
    );
  }
  return { file, verdicts: checkVerdicts(file, readJson(file, `it is not a verdicts.json; ${FIX}`)) };
}
