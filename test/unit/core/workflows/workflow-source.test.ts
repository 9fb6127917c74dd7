import { describe, expect, it } from 'vitest';
import { explainSyntaxError, parseWorkflowSource } from '../../../../src-main/core/workflows/workflow-source';

function metaOf(source: string) {
  const parsed = parseWorkflowSource(source);
  if (!parsed.ok) throw new Error(`line ${parsed.line}: ${parsed.reason}`);
  return parsed.meta;
}

function problemOf(source: string) {
  const parsed = parseWorkflowSource(source);
  if (parsed.ok) throw new Error('it parsed');
  return { line: parsed.line, reason: parsed.reason };
}

describe('meta', () => {
  it('reads every literal form: quotes, templates without interpolation, numbers, comments, trailing commas', () => {
    const meta = metaOf(`#!/usr/bin/env node
// A workflow.
/* with a block comment */
export const meta = {
  name: "quoted-\\u0041",
  'description': \`multi
line\`,
  whenToUse: 'it\\'s fine', // trailing comment
  phases: [
    { title: 'One', detail: 'first', },
    { title: 'Two', model: 'haiku', weight: -0x10, ratio: 1_000.5e-3, done: true, none: null },
  ],
  future: { unknown: [1, 2, 3] },
};
return 1;`);
    expect(meta).toEqual({
      name: 'quoted-A',
      description: 'multi\nline',
      whenToUse: "it's fine",
      phases: [{ title: 'One', detail: 'first' }, { title: 'Two', model: 'haiku' }],
    });
  });

  it.each([
    ['a variable', `export const meta = { name: NAME, description: 'd' };`, 1, /`NAME` is a variable/],
    ['a call', `export const meta = {\n  name: 'x',\n  description: read('d'),\n};`, 3, /`read` is a call/],
    ['a spread', `export const meta = { ...base, name: 'x' };`, 1, /a spread/],
    ['a computed key', `export const meta = { ['name']: 'x' };`, 1, /a computed key/],
    ['shorthand', `export const meta = { name, description: 'd' };`, 1, /`name` is shorthand for a variable/],
    ['a method', `export const meta = { name() { return 'x'; } };`, 1, /`name` is a method/],
    ['a getter', `export const meta = { get name() { return 'x'; } };`, 1, /a getter is code/],
    ['interpolation', 'export const meta = {\n  name: `a-${b}`,\n};', 2, /template interpolation/],
    ['a BigInt', `export const meta = { name: 'x', description: 'd', size: 10n };`, 1, /a BigInt/],
    ['an array hole', `export const meta = { name: 'x', description: 'd', phases: [,] };`, 1, /a hole/],
    ['an unclosed string', `export const meta = { name: 'x\n };`, 1, /runs past the end of its line/],
    ['a function', `export const meta = { name: 'x', description: function () {} };`, 1, /`function` is code/],
  ])('refuses %s, naming its line', (_what, source, line, reason) => {
    const problem = problemOf(source);
    expect(problem.line).toBe(line);
    expect(problem.reason).toMatch(reason);
  });

  it.each([
    ['no meta at all', `const x = 1;`, 1, 'the first statement must be `export const meta = { name, description, … }`'],
    ['meta after another statement', `const x = 1;\nexport const meta = { name: 'x', description: 'd' };`, 1, 'the first statement must be `export const meta = { name, description, … }`'],
    ['let instead of const', `export let meta = { name: 'x', description: 'd' };`, 1, 'the first statement must be `export const meta = { name, description, … }`'],
    ['a meta that is not an object', `export const meta = ['x'];`, 1, 'meta must be an object literal'],
    ['no name', `export const meta = { description: 'd' };`, 1, 'meta.name must be a non-empty string'],
    ['no description', `export const meta = { name: 'x' };`, 1, 'meta.description must be a non-empty string'],
    ['phases that are not a list', `export const meta = { name: 'x', description: 'd', phases: 'all' };`, 1, 'meta.phases must be an array of { title, detail?, model? }'],
    ['a phase without a title', `export const meta = { name: 'x', description: 'd', phases: [{ detail: 'd' }] };`, 1, 'meta.phases[0].title must be a non-empty string'],
    ['a phase model that is not a string', `export const meta = { name: 'x', description: 'd', phases: [{ title: 't', model: 4 }] };`, 1, 'meta.phases[0].model must be a string'],
  ])('refuses %s with a clear reason', (_what, source, line, reason) => {
    expect(problemOf(source)).toEqual({ line, reason });
  });
});

describe('the sandbox code', () => {
  it('keeps every line where it was, keeps meta in scope, and wraps the body for top-level await and return', () => {
    const parsed = parseWorkflowSource(`export const meta = {\n  name: 'x',\n  description: 'd',\n};\nconst a = await agent('a');\nreturn a;\n`);
    if (!parsed.ok) throw new Error(parsed.reason);
    const lines = parsed.sandboxCode.split('\n');
    expect(lines[0]).toBe("(async function () {'use strict';       const meta = {");
    expect(lines[4]).toBe("const a = await agent('a');");
    expect(lines[5]).toBe('return a;');
    expect(lines.at(-1)).toBe('})()');
  });
});

describe('syntax errors', () => {
  it('say when the file looks like TypeScript', () => {
    for (const typed of ['const n: number = 1;', 'interface Finding { title: string }', 'function f(x: string) {}', 'const v = args as const;', 'type Row = { a: 1 };']) {
      expect(explainSyntaxError(typed, 'SyntaxError: unexpected token')).toBe('SyntaxError: unexpected token (this looks like TypeScript: workflow scripts are plain JavaScript)');
    }
    expect(explainSyntaxError("const x = { a: 1 };\nagent('a'", 'SyntaxError: expecting )')).toBe('SyntaxError: expecting )');
  });
});
