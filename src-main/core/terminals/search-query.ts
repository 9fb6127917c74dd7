import { requiredLiteral } from './regex-literal';
import type { SearchMatcher } from './search-worker';
import { MAX_CONTEXT_LINES, MAX_PATTERN_LENGTH, MAX_SEARCH_BUDGET_MS, MAX_SEARCH_LIMIT } from '../../../src-shared/terminals/search-limits';

const DEFAULT_SEARCH_LIMIT = 100;
const DEFAULT_CONTEXT_LINES = 2;
const DEFAULT_SEARCH_BUDGET_MS = 250;
const REGEX_FLAGS = 'imsuv';

export interface SearchQuery {
  pattern: string;
  /** Treat the pattern as a JavaScript regular expression; plain text otherwise. */
  regex?: boolean;
  ignoreCase?: boolean;
  /** Regex flags from `imsuv`; `g`, `y` and `d` are implied or meaningless per line. */
  flags?: string;
  limit?: number;
  /** Lines of context before and after each hit. */
  contextLines?: number;
  newestFirst?: boolean;
  /** Wall-clock budget; past it the search stops and reports what it found with `timedOut`. */
  budgetMs?: number;
}

export interface CompiledSearchQuery {
  matcher: SearchMatcher;
  limit: number;
  contextLines: number;
  newestFirst: boolean;
  budgetMs: number;
}

/** A query the caller must fix: the message says what is wrong, in the words a person needs. */
export class InvalidSearchQueryError extends Error {
  readonly code = 'invalid_argument';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidSearchQueryError';
  }
}

/** Validates a query and turns it into what the worker runs. Throws {@link InvalidSearchQueryError}. */
export function compileSearchQuery(query: SearchQuery): CompiledSearchQuery {
  const { pattern } = query;
  if (pattern.length === 0) throw new InvalidSearchQueryError('Search pattern is empty');
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new InvalidSearchQueryError(`Search pattern is ${pattern.length} characters; the limit is ${MAX_PATTERN_LENGTH}`);
  }
  return {
    matcher: compileMatcher(query),
    limit: boundedInteger('limit', query.limit, DEFAULT_SEARCH_LIMIT, 1, MAX_SEARCH_LIMIT),
    contextLines: boundedInteger('contextLines', query.contextLines, DEFAULT_CONTEXT_LINES, 0, MAX_CONTEXT_LINES),
    newestFirst: query.newestFirst ?? false,
    budgetMs: boundedInteger('budgetMs', query.budgetMs, DEFAULT_SEARCH_BUDGET_MS, 1, MAX_SEARCH_BUDGET_MS),
  };
}

function compileMatcher(query: SearchQuery): SearchMatcher {
  if (!query.regex) {
    if (query.flags) throw new InvalidSearchQueryError('Flags apply to regular expressions only');
    if (!query.ignoreCase) return { kind: 'plain', needle: query.pattern };
    // Unicode case folding without lowercasing whole segments, which could change their offsets.
    return { kind: 'regex', source: escapeRegExp(query.pattern), flags: 'iu', literal: '' };
  }
  let flags = query.flags ?? '';
  for (const flag of flags) {
    if (!REGEX_FLAGS.includes(flag)) throw new InvalidSearchQueryError(`Unsupported regular expression flag "${flag}"; use any of "${REGEX_FLAGS}"`);
  }
  if (query.ignoreCase && !flags.includes('i')) flags += 'i';
  try {
    new RegExp(query.pattern, flags);
  } catch (error) {
    // V8 words it well already: "Invalid regular expression: /(/: Unterminated group".
    throw new InvalidSearchQueryError(error instanceof Error ? error.message : String(error));
  }
  return { kind: 'regex', source: query.pattern, flags, literal: requiredLiteral(query.pattern, flags) };
}

function boundedInteger(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidSearchQueryError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function escapeRegExp(text: string): string {
  // Only syntax characters: identity escapes of anything else are errors under the `u` flag.
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
