/**
 * Reads one JavaScript literal (objects, arrays, strings, templates without `${}`, numbers,
 * true/false/null) out of source text, without evaluating anything. A workflow's `meta` must be
 * such a pure literal, so listing workflows never runs a line of them; everything else (a
 * variable, a call, a spread, an interpolation) is refused with the line it is on.
 */

export class LiteralSyntaxError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.name = 'LiteralSyntaxError';
    this.line = line;
  }
}

export type LiteralValue = string | number | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$]/;

export class SourceCursor {
  readonly text: string;
  private index = 0;

  constructor(text: string) {
    this.text = text;
  }

  get offset(): number {
    return this.index;
  }

  lineAt(offset: number = this.index): number {
    let line = 1;
    for (let i = 0; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }

  fail(message: string, offset: number = this.index): never {
    throw new LiteralSyntaxError(message, this.lineAt(offset));
  }

  peek(ahead = 0): string {
    return this.text[this.index + ahead] ?? '';
  }

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  /** Skips whitespace and comments (and a leading `#!` line). */
  skipTrivia(): void {
    if (this.index === 0 && this.text.startsWith('#!')) this.skipLine();
    for (;;) {
      const char = this.peek();
      if (char === '/' && this.peek(1) === '/') this.skipLine();
      else if (char === '/' && this.peek(1) === '*') {
        const end = this.text.indexOf('*/', this.index + 2);
        if (end === -1) this.fail('a /* comment is never closed');
        this.index = end + 2;
      } else if (char !== '' && /\s/.test(char)) this.index++;
      else return;
    }
  }

  private skipLine(): void {
    const end = this.text.indexOf('\n', this.index);
    this.index = end === -1 ? this.text.length : end;
  }

  /** An identifier or keyword at the cursor, consumed; undefined (nothing consumed) if none. */
  readWord(): string | undefined {
    if (!IDENTIFIER_START.test(this.peek())) return undefined;
    const start = this.index;
    while (IDENTIFIER_PART.test(this.peek())) this.index++;
    return this.text.slice(start, this.index);
  }

  expect(char: string, what: string): void {
    this.skipTrivia();
    if (this.peek() !== char) this.fail(`expected ${what}${this.describeHere()}`);
    this.index++;
  }

  describeHere(): string {
    if (this.atEnd()) return ', but the file ends';
    return `, found \`${this.text.slice(this.index, this.index + 12).split('\n')[0]}\``;
  }

  advance(count = 1): void {
    this.index += count;
  }
}

/** Parses the literal at the cursor; the cursor ends just after it. */
export function parseLiteral(cursor: SourceCursor): LiteralValue {
  cursor.skipTrivia();
  const start = cursor.offset;
  const char = cursor.peek();
  if (char === '{') return parseObject(cursor);
  if (char === '[') return parseArray(cursor);
  if (char === '"' || char === "'") return parseQuoted(cursor);
  if (char === '`') return parseTemplate(cursor);
  if (char === '-' || char === '+') {
    cursor.advance();
    cursor.skipTrivia();
    if (!/[0-9.]/.test(cursor.peek())) cursor.fail(`${char} may only precede a number in a pure literal`);
    const value = parseNumber(cursor);
    return char === '-' ? -value : value;
  }
  if (/[0-9.]/.test(char)) return parseNumber(cursor);
  if (char === '.' && cursor.peek(1) === '.') cursor.fail('a spread (...) is not allowed: meta must be a pure literal');
  const word = cursor.readWord();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  if (word !== undefined) {
    cursor.skipTrivia();
    const what = word === 'function' || word === 'async' || word === 'new' || word === 'class' ? 'code' : cursor.peek() === '(' ? 'a call' : 'a variable';
    cursor.fail(`\`${word}\` is ${what}, not a literal: meta must be a pure literal (no variables, calls, spreads or interpolation)`, start);
  }
  return cursor.fail(`expected a literal value${cursor.describeHere()}`);
}

function parseObject(cursor: SourceCursor): { [key: string]: LiteralValue } {
  cursor.advance();
  // Null prototype: a key like `__proto__` is data here, never a prototype.
  const result: { [key: string]: LiteralValue } = Object.create(null) as { [key: string]: LiteralValue };
  for (;;) {
    cursor.skipTrivia();
    if (cursor.peek() === '}') {
      cursor.advance();
      return result;
    }
    const keyStart = cursor.offset;
    const key = parseKey(cursor);
    cursor.skipTrivia();
    if (cursor.peek() !== ':') {
      const next = cursor.peek();
      if (next === ',' || next === '}') cursor.fail(`\`${key}\` is shorthand for a variable: write \`${key}: <literal>\``, keyStart);
      if (next === '(') cursor.fail(`\`${key}\` is a method, not a literal value`, keyStart);
      cursor.fail(`expected \`:\` after the key \`${key}\`${cursor.describeHere()}`);
    }
    cursor.advance();
    result[key] = parseLiteral(cursor);
    cursor.skipTrivia();
    if (cursor.peek() === ',') cursor.advance();
    else if (cursor.peek() !== '}') cursor.fail(`expected \`,\` or \`}\` in an object${cursor.describeHere()}`);
  }
}

function parseKey(cursor: SourceCursor): string {
  const char = cursor.peek();
  if (char === '"' || char === "'") return parseQuoted(cursor);
  if (/[0-9]/.test(char)) return String(parseNumber(cursor));
  if (char === '[') cursor.fail('a computed key ([…]) is not allowed: meta must be a pure literal');
  if (char === '.' && cursor.peek(1) === '.') cursor.fail('a spread (...) is not allowed: meta must be a pure literal');
  const word = cursor.readWord();
  if (word === undefined) cursor.fail(`expected a property name${cursor.describeHere()}`);
  if (word === 'get' || word === 'set') {
    cursor.skipTrivia();
    if (IDENTIFIER_START.test(cursor.peek())) cursor.fail(`a ${word}ter is code, not a literal value`);
  }
  return word;
}

function parseArray(cursor: SourceCursor): LiteralValue[] {
  cursor.advance();
  const result: LiteralValue[] = [];
  for (;;) {
    cursor.skipTrivia();
    if (cursor.peek() === ']') {
      cursor.advance();
      return result;
    }
    if (cursor.peek() === ',') cursor.fail('an array with a hole ([a, , b]) is not a pure literal');
    result.push(parseLiteral(cursor));
    cursor.skipTrivia();
    if (cursor.peek() === ',') cursor.advance();
    else if (cursor.peek() !== ']') cursor.fail(`expected \`,\` or \`]\` in an array${cursor.describeHere()}`);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function parseQuoted(cursor: SourceCursor): string {
  const quote = cursor.peek();
  const start = cursor.offset;
  cursor.advance();
  let value = '';
  for (;;) {
    const char = cursor.peek();
    if (char === '') cursor.fail('a string is never closed', start);
    if (char === '\n') cursor.fail('a string runs past the end of its line', start);
    cursor.advance();
    if (char === quote) return value;
    value += char === '\\' ? readEscape(cursor) : char;
  }
}

function parseTemplate(cursor: SourceCursor): string {
  const start = cursor.offset;
  cursor.advance();
  let value = '';
  for (;;) {
    const char = cursor.peek();
    if (char === '') cursor.fail('a template string is never closed', start);
    if (char === '$' && cursor.peek(1) === '{') cursor.fail('template interpolation (${…}) is not allowed: meta must be a pure literal');
    cursor.advance();
    if (char === '`') return value;
    value += char === '\\' ? readEscape(cursor) : char === '\r' ? '' : char;
  }
}

function readEscape(cursor: SourceCursor): string {
  const char = cursor.peek();
  cursor.advance();
  if (char === '\r' && cursor.peek() === '\n') {
    cursor.advance();
    return '';
  }
  if (char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029') return '';
  const simple = SIMPLE_ESCAPES[char];
  if (simple !== undefined && !(char === '0' && /[0-9]/.test(cursor.peek()))) return simple;
  if (char === 'x') return String.fromCharCode(readHex(cursor, 2));
  if (char === 'u') {
    if (cursor.peek() !== '{') return String.fromCharCode(readHex(cursor, 4));
    cursor.advance();
    let digits = '';
    while (/[0-9a-fA-F]/.test(cursor.peek())) {
      digits += cursor.peek();
      cursor.advance();
    }
    if (cursor.peek() !== '}' || digits === '' || Number.parseInt(digits, 16) > 0x10ffff) cursor.fail('an invalid \\u{…} escape');
    cursor.advance();
    return String.fromCodePoint(Number.parseInt(digits, 16));
  }
  if (/[0-9]/.test(char)) cursor.fail('octal escapes are not allowed in strict code');
  return char;
}

function readHex(cursor: SourceCursor, length: number): number {
  let digits = '';
  for (let i = 0; i < length; i++) {
    const char = cursor.peek();
    if (!/[0-9a-fA-F]/.test(char)) cursor.fail('an invalid hexadecimal escape');
    digits += char;
    cursor.advance();
  }
  return Number.parseInt(digits, 16);
}

function parseNumber(cursor: SourceCursor): number {
  const start = cursor.offset;
  const rest = cursor.text.slice(start);
  const match = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?)/.exec(rest);
  if (match === null) return cursor.fail(`expected a number${cursor.describeHere()}`);
  const literal = match[0];
  cursor.advance(literal.length);
  if (cursor.peek() === 'n') cursor.fail('a BigInt is not allowed in meta (it is not JSON)', start);
  if (IDENTIFIER_PART.test(cursor.peek())) cursor.fail(`\`${literal}${cursor.peek()}\` is not a number`, start);
  const digits = literal.replaceAll('_', '');
  const value = /^0[xXoObB]/.test(digits) ? Number(digits) : Number.parseFloat(digits);
  if (!Number.isFinite(value)) cursor.fail(`\`${literal}\` is not a finite number`, start);
  return value;
}
