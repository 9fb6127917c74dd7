// The shape of stream-json lines, to compare the demo agent's with the real Claude Code's: every
// line is filed under a kind (type/subtype, main agent or subagent, block type, task type…) and
// reduced to its key paths, recursively, with the JSON type at each path.
import type { JsonLine } from './demo-agent-process';

export interface Shape {
  /** Every key path, such as `message.usage.input_tokens` or `message.content[].type`. */
  paths: Set<string>;
  /** The same paths with the JSON type of their value: `num_turns:number`. */
  typed: Set<string>;
}

export type Shapes = Map<string, Shape[]>;

/** Objects whose keys are data (model names, agent types): their keys all become `*`. */
const DATA_KEYED = new Set(['modelUsage', 'model_usage_since_last_result', 'subagent_stats.by_type']);
/**
 * Values whose inside depends on the tool or the request: compared per tool instead
 * (`tool_use_result`) or not at all (a tool's `input`, the `structured_output` a schema asked for).
 */
const OPAQUE = new Set(['message.content[].input', 'tool_use_result', 'structured_output']);
/** Present for some tools only: Bash results carry `is_error: false`, Grep/Glob/Read results nothing (seen in 2.1.332). */
const TOOL_DEPENDENT = new Set(['message.content[].is_error']);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function collect(value: unknown, path: string, shape: Shape, opaque: ReadonlySet<string>): void {
  if (path !== '') {
    shape.paths.add(path);
    shape.typed.add(`${path}:${jsonType(value)}`);
  }
  if (opaque.has(path)) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, `${path}[]`, shape, opaque);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) collect(item, DATA_KEYED.has(path) ? `${path}.*` : path === '' ? key : `${path}.${key}`, shape, opaque);
  }
}

export function shapeOf(value: unknown, opaque: ReadonlySet<string> = OPAQUE): Shape {
  const shape: Shape = { paths: new Set(), typed: new Set() };
  collect(value, '', shape, opaque);
  return shape;
}

function add(shapes: Shapes, kind: string, shape: Shape): void {
  const list = shapes.get(kind) ?? [];
  list.push(shape);
  shapes.set(kind, list);
}

/**
 * Files each line of one run's stdout under its kind. Tool results are filed by the tool that
 * produced them, and task events by the kind of task, which only earlier lines of the same run
 * tell: hence one call per run.
 */
export function addRunShapes(shapes: Shapes, lines: readonly JsonLine[]): void {
  const toolNames = new Map<string, string>();
  const taskTypes = new Map<string, string>();
  for (const line of lines) {
    const who = line.parent_tool_use_id ? 'subagent' : 'main';
    const content = (line.message as { content?: unknown } | undefined)?.content;
    const block = Array.isArray(content) ? (content[0] as Record<string, unknown> | undefined) : undefined;
    let kind = `${line.type}/${line.subtype ?? ''}`;
    if (line.type === 'assistant') {
      if (block?.type === 'tool_use') toolNames.set(String(block.id), String(block.name));
      kind = `assistant/${who}/${String(block?.type)}${(line.message as { model?: unknown }).model === '<synthetic>' ? '/synthetic' : ''}`;
    } else if (line.type === 'user') {
      kind = `user/${who}/${String(block?.type)}`;
      if (block?.type === 'tool_result' && 'tool_use_result' in line) {
        const tool = toolNames.get(String(block.tool_use_id)) ?? 'unknown-tool';
        add(shapes, `tool_use_result/${tool}/${block.is_error === true ? 'error' : 'ok'}`, shapeOf({ tool_use_result: line.tool_use_result }, new Set()));
      }
    } else if (line.subtype === 'task_started') {
      taskTypes.set(String(line.task_id), String(line.task_type));
      kind += `/${String(line.task_type)}`;
    } else if (line.subtype === 'task_notification' || line.subtype === 'task_updated' || line.subtype === 'task_progress') {
      const status = line.subtype === 'task_notification' ? `/${String(line.status)}` : line.subtype === 'task_updated' ? `/${String((line.patch as { status?: unknown }).status)}` : '';
      kind += `/${taskTypes.get(String(line.task_id)) ?? 'unknown-task'}${status}`;
    }
    add(shapes, kind, shapeOf(line));
  }
}

export interface ShapeComparison {
  /** Kinds the demo printed that no real recording has, so nothing could be compared. */
  unrecorded: string[];
  /** Per kind: keys the real CLI always prints that the demo left out, and keys (or types) it never prints. */
  differences: string[];
}

/**
 * For every kind both have: the demo must print each key path that every real line of that kind
 * has, and nothing (no path, no JSON type at a path) that no real line of that kind has.
 */
export function compareShapes(demo: Shapes, real: Shapes): ShapeComparison {
  const unrecorded: string[] = [];
  const differences: string[] = [];
  for (const [kind, demoShapes] of [...demo].sort(([a], [b]) => a.localeCompare(b))) {
    const realShapes = real.get(kind);
    if (!realShapes) {
      unrecorded.push(kind);
      continue;
    }
    const allowed = new Set(realShapes.flatMap((shape) => [...shape.typed]));
    const required = [...(realShapes[0]?.paths ?? [])].filter((path) => !TOOL_DEPENDENT.has(path) && realShapes.every((shape) => shape.paths.has(path)));
    const missing = new Set(demoShapes.flatMap((shape) => required.filter((path) => !shape.paths.has(path))));
    const extra = new Set(demoShapes.flatMap((shape) => [...shape.typed].filter((typed) => !allowed.has(typed))));
    if (missing.size > 0) differences.push(`${kind}: the real CLI always prints ${[...missing].join(', ')}`);
    if (extra.size > 0) differences.push(`${kind}: the real CLI never prints ${[...extra].join(', ')}`);
  }
  return { unrecorded, differences };
}
