// Size of a source folder: files, lines, and its longest functions by line span, from the
// TypeScript AST. Usage: node dist/scripts/function-lengths.js src/run
// (used to report how a refactor changed a folder; prints to stdout).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const dir = process.argv[2] ?? 'src/run';
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
let lines = 0;
const spans: { where: string; length: number }[] = [];
for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');
  lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name?.getText() ?? '<anonymous>';
      spans.push({ where: `${file}:${name}`, length: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
spans.sort((a, b) => b.length - a.length);
const longest = spans.slice(0, 5).map((s) => `${s.where} ${s.length}`);
process.stdout.write(
  `${dir}: ${files.length} files, ${lines} lines; longest functions: ${longest.join(', ')}\n`,
);
