// Loki stream labels from a log resource: attribute keys become Prometheus-valid label names
// (service.name -> service_name), values become label values, rendered once per stream as the
// label-set text Loki's protobuf push carries ({a="b", c="d"}). Resources are reused between
// batches, so each stream's labels are built once and revalidated cheaply afterwards.

import { type AttributeList, VALUE_BOOL, VALUE_STRING } from '../model/index.js';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const INVALID_LABEL_CHAR_RE = /[^a-zA-Z0-9_]/g;
/** Characters a label value must escape inside its double quotes (Go string-literal rules). */
const LABEL_VALUE_ESCAPE_RE = /[\\"\n]/g;
/** Sanitised names kept; generators use a bounded set of attribute keys. */
const NAME_CACHE_MAX = 16_384;

/** A Prometheus label name for an attribute key: invalid characters become _, a leading digit gets a _. */
export function sanitizeLabelName(key: string): string {
  if (LABEL_NAME_RE.test(key)) return key;
  const replaced = key.replace(INVALID_LABEL_CHAR_RE, '_');
  return replaced === '' || /^[0-9]/.test(replaced) ? `_${replaced}` : replaced;
}

/** sanitizeLabelName through a bounded cache, so a repeated key costs one Map lookup. */
export class LabelNameCache {
  private readonly names = new Map<string, string>();

  get(key: string): string {
    let name = this.names.get(key);
    if (name === undefined) {
      name = sanitizeLabelName(key);
      if (this.names.size >= NAME_CACHE_MAX) this.names.clear();
      this.names.set(key, name);
    }
    return name;
  }
}

/** An attribute value as label or metadata text (numbers in JS's shortest form). */
function attributeText(list: AttributeList, i: number): string {
  const type = list.types[i];
  if (type === VALUE_STRING) return list.strings[i];
  if (type === VALUE_BOOL) return list.numbers[i] === 0 ? 'false' : 'true';
  return String(list.numbers[i]);
}

function escapeLabelValue(value: string): string {
  return value.replace(LABEL_VALUE_ESCAPE_RE, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** One stream's labels: sanitised names, values, and the label-set text. */
export interface StreamLabels {
  count: number;
  readonly names: string[];
  readonly values: string[];
  /** `{name="value", ...}`, values escaped as Loki's parser reads them. */
  text: string;
}

interface CachedLabels extends StreamLabels {
  // The attribute list as it was when built, to notice a reused list that changed.
  readonly keys: string[];
  readonly types: number[];
  readonly strings: string[];
  readonly numbers: number[];
}

/**
 * Stream labels per resource attribute list. The first attribute of a sanitised name wins (Loki
 * refuses duplicate label names); empty values are left out (Prometheus reads them as no label).
 */
export class StreamLabelCache {
  private readonly byList = new WeakMap<AttributeList, CachedLabels>();
  private readonly names = new LabelNameCache();

  get(list: AttributeList): StreamLabels {
    const cached = this.byList.get(list);
    if (cached !== undefined && unchanged(cached, list)) return cached;
    const built = this.build(list);
    this.byList.set(list, built);
    return built;
  }

  private build(list: AttributeList): CachedLabels {
    const labels: CachedLabels = {
      count: 0,
      names: [],
      values: [],
      text: '',
      keys: list.keys.slice(0, list.count),
      types: Array.from(list.types.subarray(0, list.count)),
      strings: list.strings.slice(0, list.count),
      numbers: Array.from(list.numbers.subarray(0, list.count)),
    };
    const parts: string[] = [];
    for (let i = 0; i < list.count; i++) {
      const value = attributeText(list, i);
      if (value === '') continue;
      const name = this.names.get(list.keys[i]);
      if (labels.names.includes(name)) continue;
      labels.names.push(name);
      labels.values.push(value);
      parts.push(`${name}="${escapeLabelValue(value)}"`);
    }
    labels.count = labels.names.length;
    labels.text = `{${parts.join(', ')}}`;
    return labels;
  }
}

function unchanged(cached: CachedLabels, list: AttributeList): boolean {
  const n = list.count;
  if (cached.keys.length !== n) return false;
  for (let i = 0; i < n; i++) {
    if (
      cached.keys[i] !== list.keys[i] ||
      cached.types[i] !== list.types[i] ||
      cached.strings[i] !== list.strings[i] ||
      !Object.is(cached.numbers[i], list.numbers[i])
    ) {
      return false;
    }
  }
  return true;
}
