// stack/kubernetes/ as the tests read it: every YAML document of its manifests, and the README
// whose commands create what the manifests need besides themselves (the per-run ConfigMap).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { packageRoot } from '../../../src/package-root.js';

export const KUBERNETES_DIR = join(packageRoot(), 'stack', 'kubernetes');

/** The fields of Kubernetes objects these tests read; the schema check covers the rest. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: { name: string; key: string } };
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
export interface Volume {
  name: string;
  configMap?: { name: string };
  persistentVolumeClaim?: { claimName: string };
}
export interface PodSpec {
  restartPolicy?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; fsGroup?: number };
  affinity?: {
    podAntiAffinity?: {
      preferredDuringSchedulingIgnoredDuringExecution?: {
        podAffinityTerm: { labelSelector?: { matchLabels?: Record<string, string> } };
      }[];
    };
  };
  containers: Container[];
  volumes?: Volume[];
}
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    backoffLimit?: number;
    backoffLimitPerIndex?: number;
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    accessModes?: string[];
  } & Partial<PodSpec>;
  data?: Record<string, string>;
}

export interface ManifestDoc {
  file: string;
  doc: Manifest;
}

export const manifestFiles = (): string[] =>
  readdirSync(KUBERNETES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

/** Every document of every manifest; throws on a YAML error or warning, naming the file. */
export function loadManifests(): ManifestDoc[] {
  const out: ManifestDoc[] = [];
  for (const file of manifestFiles()) {
    for (const document of parseAllDocuments(readFileSync(join(KUBERNETES_DIR, file), 'utf8'))) {
      const problem = document.errors[0] ?? document.warnings[0];
      if (problem) throw new Error(`${file}: ${problem.message}`);
      out.push({ file, doc: document.toJS() as Manifest });
    }
  }
  return out;
}

export const readme = (): string => readFileSync(join(KUBERNETES_DIR, 'README.md'), 'utf8');

/** The pod spec of a Job or a Pod (null for other kinds). */
export function podSpecOf(doc: Manifest): PodSpec | null {
  if (doc.kind === 'Job') return doc.spec?.template?.spec ?? null;
  if (doc.kind === 'Pod') return (doc.spec as PodSpec | undefined) ?? null;
  return null;
}

/**
 * The ConfigMaps the README's `kubectl create configmap NAME --from-literal=KEY=...` commands
 * create, with their keys (a command may span lines joined by a trailing backslash).
 */
export function configMapsCreatedByReadme(text: string): Map<string, Set<string>> {
  const created = new Map<string, Set<string>>();
  const joined = text.replace(/\\\n\s*/g, ' ');
  for (const match of joined.matchAll(/kubectl create configmap ([a-z0-9.-]+)([^\n|]*)/g)) {
    const keys = created.get(match[1]) ?? new Set<string>();
    for (const literal of match[2].matchAll(/--from-(?:literal|file)=([A-Za-z0-9._-]+)=/g))
      keys.add(literal[1]);
    created.set(match[1], keys);
  }
  return created;
}
