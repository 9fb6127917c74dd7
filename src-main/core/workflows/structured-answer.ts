import { validateAgainstSchema } from '../../../resources/agents/json-schema-sample.mjs';

export type StructuredAnswer = { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

const MAX_PROBLEMS_SHOWN = 5;

/**
 * The object an agent answered with, checked against the call's schema. Claude validates it
 * itself and hands it over as structured output; other agents answer in text, where the JSON
 * may be the whole text, a fenced block, or the outermost braces in it.
 */
export function readStructuredAnswer(schema: Record<string, unknown>, structuredOutput: unknown, text: string | undefined): StructuredAnswer {
  const value = structuredOutput !== undefined ? structuredOutput : jsonInText(text ?? '');
  if (value === undefined) return { ok: false, problem: 'the answer holds no JSON object' };
  let problems: string[];
  try {
    problems = validateAgainstSchema(schema, value);
  } catch (error) {
    return { ok: false, problem: `the schema cannot be checked: ${(error as Error).message}` };
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ');
    return { ok: false, problem: problems.length > MAX_PROBLEMS_SHOWN ? `${shown}; …and ${problems.length - MAX_PROBLEMS_SHOWN} more` : shown };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function jsonInText(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n\s*```/.exec(text);
  if (fenced?.[1] !== undefined) candidates.push(fenced[1]);
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // the next form, if any
    }
  }
  return undefined;
}

/** What a retry after a mismatch adds to the prompt. */
export function schemaRetryNote(problem: string): string {
  return `\n\nYour previous answer did not match the required JSON schema (${problem}). Answer again with only a JSON object that matches the schema.`;
}
