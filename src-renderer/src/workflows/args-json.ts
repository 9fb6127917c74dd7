/** Where a JSON text first goes wrong: 1-based line and column, and the character offset. */
export interface JsonProblem {
  reason: string;
  offset: number;
  line: number;
  column: number;
}

export type ArgsCheck = { ok: true; args: unknown } | { ok: false; problem: JsonProblem | undefined; message: string };

/** The contract's limit on a run's args (src-shared/workflows/workflows-contract.ts), repeated so the page does not bundle zod. */
export const MAX_ARGS_JSON = 1_000_000;

/**
 * The `args` text of the Workflows panel, checked before anything is sent. Blank means "no args"
 * (the script sees `undefined`). A syntax error is located by our own scan, so its wording and
 * position do not depend on the browser's JSON.parse message.
 */
export function checkArgsJson(text: string): ArgsCheck {
  if (text.trim() === '') return { ok: true, args: undefined };
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch (error) {
    const problem = findJsonProblem(text);
    const reason = problem === undefined ? (error instanceof Error ? error.message : String(error)) : `line ${problem.line}, column ${problem.column}: ${problem.reason}`;
    return { ok: false, problem, message: `args is not valid JSON: ${reason}` };
  }
  const size = JSON.stringify(args).length;
  if (size > MAX_ARGS_JSON) return { ok: false, problem: undefined, message: `args is ${size.toLocaleString('en')} characters of JSON; at most ${MAX_ARGS_JSON.toLocaleString('en')} fit.` };
  return { ok: true, args };
}

class Problem extends Error {
  readonly offset: number;

  constructor(offset: number, reason: string) {
    super(reason);
    this.offset = offset;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The first syntax error of a JSON text (RFC 8259), or undefined when it has none. */
export function findJsonProblem(text: string): JsonProblem | undefined {
  let at = 0;

  const describe = (offset: number): string => {
    if (offset >= text.length) return 'the end of the text';
    const char = text[offset] ?? '';
    return char === '\n' ? 'a line break' : `'${char}'`;
  };
  const fail = (offset: number, reason: string): never => {
    throw new Problem(offset, reason);
  };
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] ?? '')) at++;
  };
  const expectChar = (char: string, context: string): void => {
    skipSpace();
    if (text[at] !== char) fail(at, `expected '${char}' ${context}, found ${describe(at)}`);
    at++;
  };

  const string = (): void => {
    const start = at++;
    for (;;) {
      if (at >= text.length) fail(start, 'this string is never closed (a " is missing)');
      const char = text[at] ?? '';
      if (char === '"') return void at++;
      if (char === '\n') fail(at, 'a string cannot span lines (a " is missing, or write \\n)');
      if (char < ' ') fail(at, 'a control character must be escaped inside a string');
      if (char === '\\') {
        const escape = text[at + 1] ?? '';
        if (escape === 'u') {
          if (!HEX4.test(text.slice(at + 2, at + 6))) fail(at, '\\u must be followed by four hex digits');
          at += 6;
        } else if (ESCAPES.has(escape)) at += 2;
        else fail(at, `\\${escape} is not a JSON escape (use \\\\ for a backslash)`);
      } else at++;
    }
  };

  const value = (context: string): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char === "'") fail(at, 'JSON strings take double quotes, not single quotes');
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return;
      }
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (number !== null) {
      at += number[0].length;
      return;
    }
    fail(at, `expected a value${context === '' ? '' : ` ${context}`}, found ${describe(at)}`);
  };

  const object = (): void => {
    at++;
    skipSpace();
    if (text[at] === '}') return void at++;
    for (;;) {
      skipSpace();
      if (text[at] === "'") fail(at, 'property names take double quotes, not single quotes');
      if (text[at] !== '"') fail(at, text[at] === '}' ? 'a trailing comma is not allowed in JSON' : `expected a property name in double quotes, found ${describe(at)}`);
      string();
      expectChar(':', 'after the property name');
      value('after the colon');
      skipSpace();
      if (text[at] === '}') return void at++;
      if (text[at] !== ',') fail(at, `expected ',' or '}' after the property's value, found ${describe(at)}`);
      at++;
    }
  };

  const array = (): void => {
    at++;
    skipSpace();
    if (text[at] === ']') return void at++;
    for (;;) {
      skipSpace();
      if (text[at] === ']') fail(at, 'a trailing comma is not allowed in JSON');
      value('in the list');
      skipSpace();
      if (text[at] === ']') return void at++;
      if (text[at] !== ',') fail(at, `expected ',' or ']' after the list item, found ${describe(at)}`);
      at++;
    }
  };

  try {
    value('');
    skipSpace();
    if (at < text.length) fail(at, `unexpected ${describe(at)} after the value: JSON holds one value (wrap several in [ ])`);
    return undefined;
  } catch (error) {
    // A text nested too deep for this scan: the caller falls back to the engine's message.
    if (!(error instanceof Problem)) return undefined;
    return { reason: error.message, offset: error.offset, ...lineAndColumn(text, error.offset) };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
