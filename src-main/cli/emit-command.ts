import { UsageError } from '../core/config/command-line';
import { eventSchema, EVENT_SCHEMA_VERSION, validateEvent, type OrreryEvent } from '../../src-shared/events/event-schema';
import { appendEvents, resolveJournalPath } from '../../resources/hooks/journal-file.mjs';
import { redactFields } from '../../src-shared/redaction/redact-secrets.mjs';
import { expectPositionals, parseCliArgs } from './cli-args';
import type { CliContext } from './cli-context';

const EMIT_FLAGS = ['agent', 'parent', 'session', 'name', 'model', 'source', 'json', 'journal'] as const;
type EmitFlags = Partial<Record<(typeof EMIT_FLAGS)[number], string>>;

/** The event types, read off the schema so a new type needs no change here. */
export const EVENT_TYPES: readonly string[] = eventSchema.options.map((option) => option.shape.type.value);

/** Parses `--json`: the type-specific fields (and any extra ones) of the event. */
function extraFields(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--json must be a JSON object, e.g. \'{"tool":"Bash","tool_use_id":"t1"}\'');
  return value as Record<string, unknown>;
}

/**
 * Builds, redacts and validates the event: flags win over the same fields in `--json`, `ts`
 * defaults to now and `source` to "cli". Throws UsageError with the schema's complaint.
 */
export function buildEmittedEvent(type: string, flags: EmitFlags, now: number): OrreryEvent {
  if (!EVENT_TYPES.includes(type)) throw new UsageError(`unknown event type "${type}"; use one of: ${EVENT_TYPES.join(', ')}`);
  if (flags.agent === undefined) throw new UsageError('--agent <id> is required');
  const identity = {
    agent_id: flags.agent,
    ...(flags.parent !== undefined && { parent_id: flags.parent }),
    ...(flags.session !== undefined && { session_id: flags.session }),
    ...(flags.name !== undefined && { name: flags.name }),
    ...(flags.model !== undefined && { model: flags.model }),
    ...(flags.source !== undefined && { source: flags.source }),
  };
  const candidate = { v: EVENT_SCHEMA_VERSION, ts: now, source: 'cli', ...extraFields(flags.json), type, ...identity };
  const result = validateEvent(redactFields(candidate));
  if (!result.ok) throw new UsageError(`invalid ${type} event: ${result.detail}`);
  return result.event;
}

/** `orrery emit <type> --agent <id> …`: appends one event to the journal. */
export function runEmit(argv: readonly string[], context: CliContext): number {
  const args = parseCliArgs(argv, EMIT_FLAGS);
  if (args.help) {
    context.stdout(EMIT_USAGE);
    return 0;
  }
  const type = args.positionals[0];
  if (type === undefined) throw new UsageError(`emit needs an event type (${EVENT_TYPES.join(', ')})`);
  expectPositionals(args, 1, 'the event type');
  const event = buildEmittedEvent(type, args.flags, context.now());
  appendEvents(args.flags.journal ?? resolveJournalPath(context.env), [event]);
  return 0;
}

export const EMIT_USAGE = `Usage: orrery emit <type> --agent <id> [options]

Appends one event to the journal Orrery tails (docs/events.md).

  <type>            ${EVENT_TYPES.join(' | ')}
  --agent <id>      the agent the event is about (required)
  --parent <id>     the agent that spawned it
  --session <id>    the session or run it belongs to
  --name <text>     display name
  --model <name>    model it runs on
  --source <name>   who writes it (default: cli)
  --json <object>   the type's own fields and any extra ones, e.g.
                    '{"tool":"Bash","tool_use_id":"t1","input_summary":"npm test"}'
  --journal <file>  journal to append to (default: $ORRERY_JOURNAL, else
                    $ORRERY_HOME/events.jsonl, else ~/.orrery/events.jsonl)

Secrets (tokens, keys, passwords) in any field are redacted before writing.
Exit status: 0 written, 2 invalid input (nothing written).
`;
