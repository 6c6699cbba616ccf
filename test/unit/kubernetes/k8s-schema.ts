// A manifest checked against the Kubernetes API as kubectl apply would, without a cluster, in two
// passes over kubernetes-models (the API's OpenAPI schema as code, one class per kind):
//  - its .validate(): types, enums, required fields, formats (the OpenAPI schema compiled by ajv);
//  - its TypeScript interface: the schema has no additionalProperties, so .validate() passes a
//    misspelt or misplaced field, which the API server refuses (kubectl's default field
//    validation is strict). Type-checking the manifest as an object literal of the kind's
//    interface finds those: TypeScript's excess-property check, at every depth.

import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import ts from 'typescript';
import { packageRoot } from '../../../src/package-root.js';

interface KindModel {
  /** The module of kubernetes-models that declares the kind, and its interface there. */
  module: string;
  type: string;
  validate(doc: unknown): void;
}

/** A kind's model: its class validates, its interface (in `module`) types the field check. */
function model(module: string, type: string, Class: new (data: never) => { validate(): void }): KindModel {
  // Constructed from untyped YAML on purpose: the schema, not the compiler, judges the data.
  return { module, type, validate: (doc) => new Class(doc as never).validate() };
}

const MODELS: Record<string, KindModel> = {
  'batch/v1 Job': model('kubernetes-models/batch/v1/Job', 'IJob', Job),
  'v1 ConfigMap': model('kubernetes-models/v1/ConfigMap', 'IConfigMap', ConfigMap),
  'v1 PersistentVolumeClaim': model(
    'kubernetes-models/v1/PersistentVolumeClaim',
    'IPersistentVolumeClaim',
    PersistentVolumeClaim,
  ),
  'v1 Pod': model('kubernetes-models/v1/Pod', 'IPod', Pod),
};

function kindOf(doc: unknown): string {
  const { apiVersion, kind } = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return `${String(apiVersion)} ${String(kind)}`;
}

/**
 * What the Kubernetes API would refuse in each document, one list per document (empty: none).
 * Kinds other than Job, ConfigMap, PersistentVolumeClaim and Pod are refused: add them to MODELS.
 */
export function schemaProblems(docs: readonly unknown[]): string[][] {
  const problems = docs.map((doc): string[] => {
    const model = MODELS[kindOf(doc)];
    if (model === undefined) return [`${kindOf(doc)}: not a kind these checks know`];
    try {
      model.validate(doc);
      return [];
    } catch (error) {
      return [`schema: ${(error as Error).message}`];
    }
  });
  excessFields(docs, problems);
  return problems;
}

/** Type-checks each document as a literal of its kind's interface; adds the compiler's complaints. */
function excessFields(docs: readonly unknown[], problems: string[][]): void {
  // Virtual files beside this one, so that kubernetes-models resolves from the repository's node_modules.
  const dir = join(packageRoot(), 'test', 'unit', 'kubernetes');
  const files = new Map<string, number>();
  const sources = new Map<string, string>();
  docs.forEach((doc, i) => {
    const model = MODELS[kindOf(doc)];
    if (model === undefined) return;
    const name = join(dir, `__manifest_${i}__.ts`);
    files.set(name, i);
    sources.set(
      name,
      `import type { ${model.type} } from '${model.module}';\n` +
        `export const doc: ${model.type} = ${JSON.stringify(doc, null, 2)};\n`,
    );
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => sources.has(name) || fileExists(name);
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  const program = ts.createProgram([...files.keys()], options, host);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const index = diagnostic.file ? files.get(diagnostic.file.fileName) : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '; ');
    // A problem in no manifest (the library's own types) is everyone's: report it on all.
    const targets = index === undefined ? docs.map((_, i) => i) : [index];
    for (const i of targets) problems[i].push(`fields: ${message}`);
  }
}
