// Claim verdicts as CSV (csv-stringify), one row per claim, with the method of a per-core claim
// measured by capacity searches and, for the quota method, its spread against the full core. A
// peer's figure is a row of its own right after its claim: verdict "peer", its claim in `beside`.

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
    verdicts.flatMap((v) => [
      [
        ...COLUMNS.map((c) => v[c] ?? ''),
        v.interval?.low ?? '',
        v.interval?.high ?? '',
        v.interval?.confidence ?? '',
        v.interval?.n ?? '',
        v.methodAgreement?.spread ?? '',
        v.methodAgreement?.summary ?? '',
        '',
      ],
      ...(v.peers ?? []).map((p) => {
        const row: Record<(typeof COLUMNS)[number], string | number | null> = {
          id: p.id,
          statement: p.label,
          stated: '',
          measured: p.measured,
          perCore: null,
          unit: p.unit,
          verdict: 'peer',
          reason: p.note,
          conditions: p.conditions,
          sources: '',
          method: '',
        };
        return [
          ...COLUMNS.map((c) => row[c] ?? ''),
          p.interval?.low ?? '',
          p.interval?.high ?? '',
          p.interval?.confidence ?? '',
          p.interval?.n ?? '',
          '',
          '',
          v.id,
        ];
      }),
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
        'beside',
      ],
    },
  );
}
