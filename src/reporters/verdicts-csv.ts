// Claim verdicts as CSV (csv-stringify), one row per claim, with the method of a per-core claim
// measured by capacity searches and, for the quota method, its spread against the full core.

import { stringify } from 'csv-stringify/sync';
import type { ClaimVerdict } from '../claims/evaluate.js';

const COLUMNS = [
  'id',
  'statement',
  'stated',
  'measured',
  'perCore',
  'unit',
  'verdict',
  'reason',
  'conditions',
  'sources',
  'method',
] as const;

export function formatVerdictsCsv(verdicts: readonly ClaimVerdict[]): string {
  return stringify(
    verdicts.map((v) => [
      ...COLUMNS.map((c) => v[c] ?? ''),
      v.interval?.low ?? '',
      v.interval?.high ?? '',
      v.interval?.confidence ?? '',
      v.interval?.n ?? '',
      v.methodAgreement?.spread ?? '',
      v.methodAgreement?.summary ?? '',
    ]),
    {
      header: true,
      columns: [
        ...COLUMNS,
        'intervalLow',
        'intervalHigh',
        'intervalConfidence',
        'runs',
        'methodSpread',
        'methodAgreement',
      ],
    },
  );
}
