// The golden k6 scripts are valid ES modules and typecheck (checkJs, strict) against @types/k6
// and the declaration files of the extensions' modules (test/fixtures/k6/types/). k6 itself is
// never run here (AGPL-3.0): this is how the scripts are checked. Each golden is compiled as
// test/fixtures/k6/<name>.js, a file that exists only in the compiler host.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { K6_CASES, K6_FIXTURES, K6_TYPE_FILES, K6_TYPE_ROOT, REPO_ROOT, readGolden } from './k6-fixtures.js';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: true,
  noEmit: true,
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2020.d.ts'],
  // k6's globals (__ENV, __VU) and modules only: no Node.js types.
  types: ['k6'],
  typeRoots: [K6_TYPE_ROOT],
};

const scriptPath = (name: string): string => join(K6_FIXTURES, `${name}.js`);

/** A program over scripts (path -> text) that exist only in the host, with the extension declarations. */
function programOf(scripts: ReadonlyMap<string, string>): ts.Program {
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const { fileExists, getSourceFile } = host;
  host.fileExists = (name) => scripts.has(name) || fileExists(name);
  host.getSourceFile = (name, language, ...rest) => {
    const text = scripts.get(name);
    return text === undefined
      ? getSourceFile(name, language, ...rest)
      : ts.createSourceFile(name, text, language);
  };
  return ts.createProgram([...scripts.keys(), ...K6_TYPE_FILES], COMPILER_OPTIONS, host);
}

function describe(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => REPO_ROOT,
    getNewLine: () => '\n',
  });
}

test('every golden script typechecks against @types/k6 and the extension declarations', () => {
  const scripts = new Map(K6_CASES.map((name) => [scriptPath(name), readGolden(name)]));
  const program = programOf(scripts);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  assert.equal(diagnostics.length, 0, describe(diagnostics));
  // The check reached the scripts and resolved k6's own module types.
  for (const path of scripts.keys()) assert.ok(program.getSourceFile(path), path);
  assert.ok(
    program
      .getSourceFiles()
      .some((file) => /@types[\\/]k6[\\/]options[\\/]index\.d\.ts$/.test(file.fileName)),
    'k6/options did not resolve to @types/k6',
  );
});

test('the typecheck fails on a script that misuses k6 options or an extension (the check has teeth)', () => {
  const name = K6_CASES.find((n) => n.startsWith('metrics')) as string;
  const messagesFor = (text: string): string[] =>
    ts
      .getPreEmitDiagnostics(programOf(new Map([[scriptPath(name), text]])))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  const golden = readGolden(name);
  assert.deepEqual(messagesFor(golden), []);
  const mutations: [string, string, RegExp][] = [
    ['storeFromTemplates(0,', "storeFromTemplates('0',", /not assignable to parameter of type 'number'/],
    ["executor: 'constant-arrival-rate'", "executor: 'constant-arrival'", /not assignable/],
    ['preAllocatedVUs:', 'preallocatedVUs:', /preallocatedVUs/],
  ];
  for (const [from, to, expected] of mutations) {
    assert.ok(golden.includes(from), from);
    const messages = messagesFor(golden.replace(from, to));
    assert.ok(
      messages.some((m) => expected.test(m)),
      `${from} -> ${to}: ${messages.join('\n')}`,
    );
  }
});

for (const name of K6_CASES) {
  test(`${name}.js.golden parses as an ES module with imports and exports`, () => {
    const text = readGolden(name);
    const parsed = ts.transpileModule(text, {
      fileName: `${name}.js`,
      reportDiagnostics: true,
      compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 },
    });
    assert.deepEqual(parsed.diagnostics ?? [], [], describe(parsed.diagnostics ?? []));
    const source = ts.createSourceFile(`${name}.js`, text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
    assert.ok(ts.isExternalModule(source), 'not a module');
    const imports = source.statements.filter(ts.isImportDeclaration);
    assert.ok(
      imports.some((i) => /^'k6\/x\//.test(i.moduleSpecifier.getText(source))),
      'no k6/x/ import',
    );
    const exportsOf = (s: ts.Statement): boolean =>
      ts.canHaveModifiers(s) &&
      (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const exported = source.statements.filter(exportsOf);
    assert.ok(
      exported.some(
        (s) =>
          ts.isVariableStatement(s) &&
          s.declarationList.declarations.some((d) => d.name.getText(source) === 'options'),
      ),
      'no export const options',
    );
    assert.ok(
      exported.some(
        (s) =>
          ts.isFunctionDeclaration(s) &&
          (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword),
      ),
      'no export default function',
    );
  });
}
