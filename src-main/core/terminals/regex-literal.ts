/**
 * Finds a string that every match of a regular expression must contain, so a search can jump
 * between its occurrences with `indexOf` (memchr speed) and run the regex only on those lines.
 * V8 skips ahead like that only for literal prefixes; `timeout after \d+ms` or `\bERR\w* code=`
 * would otherwise cost a full regex pass over every segment.
 *
 * Deliberately conservative: only top-level literal runs count, anything under a group,
 * class, escape class or quantifier ends a run, and alternation or case folding gives up.
 * An empty result means "no prefilter", never "no match".
 */
const MIN_LITERAL_LENGTH = 2;

export function requiredLiteral(source: string, flags: string): string {
  if (flags.includes('i')) return '';
  const unicode = flags.includes('u') || flags.includes('v');
  const nestedClasses = flags.includes('v');
  let best = '';
  let run = '';
  const endRun = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '|') return '';
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[A-Za-z0-9]/.test(next)) {
        endRun();
        i = skipEscape(source, i + 1);
      } else {
        run += next;
        i += 2;
      }
      continue;
    }
    if (c === '(') {
      endRun();
      i = skipGroup(source, i, nestedClasses);
      continue;
    }
    if (c === '[') {
      endRun();
      i = skipClass(source, i, nestedClasses);
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      endRun();
      i++;
      continue;
    }
    const quantifier = quantifierAt(source, i);
    if (quantifier) {
      // The atom before a quantifier is optional (min 0) or repeats (min 1): either way the
      // run cannot continue through it, and an optional atom is not required at all.
      if (quantifier.min === 0) run = dropLastAtom(run, unicode);
      endRun();
      i = quantifier.end;
      if (source[i] === '?') i++;
      continue;
    }
    run += c;
    i++;
  }
  endRun();
  return best.length >= MIN_LITERAL_LENGTH ? best : '';
}

function quantifierAt(source: string, i: number): { min: number; end: number } | undefined {
  const c = source[i];
  if (c === '*' || c === '?') return { min: 0, end: i + 1 };
  if (c === '+') return { min: 1, end: i + 1 };
  if (c !== '{') return undefined;
  const braces = /^\{(\d+)(?:,\d*)?\}/.exec(source.slice(i));
  // A `{` that opens no quantifier is a literal brace (the pattern was validated, so not in unicode mode).
  if (!braces) return undefined;
  return { min: Number(braces[1]), end: i + braces[0].length };
}

function dropLastAtom(run: string, unicode: boolean): string {
  const last = run.charCodeAt(run.length - 1);
  const before = run.charCodeAt(run.length - 2);
  const pair = unicode && last >= 0xdc00 && last <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
  return run.slice(0, pair ? -2 : -1);
}

/** `i` points just past the backslash at a letter or digit; returns the index after the escape. */
function skipEscape(source: string, i: number): number {
  const letter = source[i];
  const rest = source.slice(i + 1);
  let body: RegExpExecArray | null = null;
  if (letter === 'k') body = /^<[^>]*>/.exec(rest);
  else if (letter === 'p' || letter === 'P') body = /^\{[^}]*\}/.exec(rest);
  else if (letter === 'u') body = /^(?:\{[0-9A-Fa-f]*\}|[0-9A-Fa-f]{0,4})/.exec(rest);
  else if (letter === 'x') body = /^[0-9A-Fa-f]{0,2}/.exec(rest);
  else if (letter === 'c') body = /^[A-Za-z]/.exec(rest);
  else if (letter !== undefined && /[0-9]/.test(letter)) body = /^[0-9]*/.exec(rest);
  return i + 1 + (body ? body[0].length : 0);
}

/** `i` points at `[`; returns the index after the matching `]`. */
function skipClass(source: string, i: number, nested: boolean): number {
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '[' && (nested || depth === 0)) depth++;
    else if (c === ']' && --depth === 0) return j + 1;
  }
  return source.length;
}

/** `i` points at `(`; returns the index after the matching `)`. */
function skipGroup(source: string, i: number, nestedClasses: boolean): number {
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '[') j = skipClass(source, j, nestedClasses) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return source.length;
}
