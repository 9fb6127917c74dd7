/**
 * The workflow globals, installed into each QuickJS context before the script runs. This
 * function never runs in Node: its source text is evaluated inside QuickJS (so it must not use
 * anything from this module's scope), with `host` being the only door out — three functions
 * that take and return strings and numbers.
 */

interface PreludeHost {
  /** Starts an agent() or workflow() call; the promise settles with JSON text (or undefined). */
  call(kind: 'agent' | 'workflow', payloadJson: string, phase?: string): Promise<string | undefined>;
  post(kind: 'log' | 'phase', level: string, text: string): void;
  spent(): number;
}

interface PreludeHelpers {
  toJson(value: unknown): string | undefined;
}

export function installWorkflowGlobals(host: PreludeHost, configJson: string): PreludeHelpers {
  'use strict';
  const { stringify, parse } = JSON;
  const config = parse(configJson) as { argsJson?: string; budgetTotal: number | null; isChild: boolean };
  const global = globalThis as Record<string, unknown>;
  const promiseAll = Promise.all.bind(Promise);
  const resolved = Promise.resolve.bind(Promise);
  const construct = Reflect.construct;

  const nondeterministic = (what: string) =>
    function refused(): never {
      throw new Error(`${what} is not available in a workflow: a resumed run would take another path. Pass the value in through args.`);
    };

  // Date and Math.random would make a replay diverge from the journal, so they throw. Dates from
  // explicit values (new Date(0), Date.UTC, Date.parse) are deterministic and stay.
  const RealDate = Date;
  const WorkflowDate = function Date(this: unknown, ...values: unknown[]): unknown {
    if (new.target === undefined) return nondeterministic('Date()')();
    if (values.length === 0) return nondeterministic('new Date() without arguments')();
    return construct(RealDate, values, new.target);
  } as unknown as DateConstructor & { now: () => number };
  Object.defineProperty(WorkflowDate, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: WorkflowDate, writable: true, configurable: true });
  Object.defineProperty(WorkflowDate, 'UTC', { value: RealDate.UTC, writable: true, configurable: true });
  Object.defineProperty(WorkflowDate, 'parse', { value: RealDate.parse, writable: true, configurable: true });
  WorkflowDate.now = nondeterministic('Date.now()');
  RealDate.now = WorkflowDate.now;
  global.Date = WorkflowDate;
  Math.random = nondeterministic('Math.random()');
  // Garbage collection timing is not reproducible either.
  delete global.WeakRef;
  delete global.FinalizationRegistry;

  const jsonOf = (value: unknown, what: string): string => {
    try {
      return stringify(value);
    } catch (error) {
      throw new TypeError(`${what} must be JSON: ${(error as Error).message}`);
    }
  };
  const fromJson = (json: string | undefined): unknown => (json === undefined ? null : parse(json));
  const text = (values: unknown[]): string =>
    values
      .map((value) => {
        if (typeof value === 'string') return value;
        if (value instanceof Error) return `${value.name}: ${value.message}`;
        try {
          const json = stringify(value);
          return json === undefined ? String(value) : json;
        } catch {
          return String(value);
        }
      })
      .join(' ');
  const warn = (where: string, error: unknown): void => host.post('log', 'warn', `${where} failed: ${text([error])}`);

  let currentPhase: string | undefined;

  function agent(prompt: unknown, opts?: unknown): Promise<unknown> {
    if (typeof prompt !== 'string' || prompt.trim() === '') throw new TypeError('agent(prompt, opts): the prompt must be a non-empty string');
    if (opts !== undefined && (opts === null || typeof opts !== 'object' || Array.isArray(opts))) throw new TypeError('agent(prompt, opts): opts must be an object');
    if (config.budgetTotal !== null && host.spent() >= config.budgetTotal) {
      throw new Error(`The budget of ${config.budgetTotal} output tokens is spent: agent() cannot start another agent`);
    }
    const options = (opts ?? {}) as Record<string, unknown>;
    const phase = typeof options.phase === 'string' ? options.phase : currentPhase;
    // The phase is not part of the call: a renamed phase() title leaves the cache intact.
    return host.call('agent', jsonOf({ prompt, options }, 'agent() options'), phase).then(fromJson);
  }

  const orNull = (where: string, run: () => unknown): Promise<unknown> => {
    try {
      return resolved(run()).then(
        (value) => value,
        (error: unknown) => {
          warn(where, error);
          return null;
        },
      );
    } catch (error) {
      warn(where, error);
      return resolved(null);
    }
  };

  function parallel(thunks: unknown): Promise<unknown[]> {
    if (!Array.isArray(thunks)) throw new TypeError('parallel(thunks): expected an array of () => Promise functions');
    return promiseAll(thunks.map((thunk: unknown, index) => orNull(`parallel: item ${index}`, () => (typeof thunk === 'function' ? thunk() : thunk))));
  }

  function pipeline(items: unknown, ...stages: unknown[]): Promise<unknown[]> {
    if (!Array.isArray(items)) throw new TypeError('pipeline(items, ...stages): items must be an array');
    stages.forEach((stage, index) => {
      if (typeof stage !== 'function') throw new TypeError(`pipeline(items, ...stages): stage ${index + 1} is not a function`);
    });
    const run = async (item: unknown, index: number): Promise<unknown> => {
      let value = item;
      for (let s = 0; s < stages.length; s++) {
        try {
          value = await (stages[s] as (previous: unknown, item: unknown, index: number) => unknown)(value, item, index);
        } catch (error) {
          warn(`pipeline: item ${index}, stage ${s + 1}`, error);
          return null;
        }
      }
      return value;
    };
    return promiseAll(items.map(run));
  }

  function phase(title: unknown): void {
    if (typeof title !== 'string' || title === '') throw new TypeError('phase(title): the title must be a non-empty string');
    currentPhase = title;
    host.post('phase', 'info', title);
  }

  function log(...values: unknown[]): void {
    host.post('log', 'info', text(values));
  }

  function workflow(ref: unknown, workflowArgs?: unknown): Promise<unknown> {
    if (config.isChild) throw new Error('workflow() cannot be called inside a workflow that workflow() started: one level only');
    const byName = typeof ref === 'string' && ref !== '';
    const byPath = typeof ref === 'object' && ref !== null && typeof (ref as { scriptPath?: unknown }).scriptPath === 'string' && (ref as { scriptPath: string }).scriptPath !== '';
    if (!byName && !byPath) throw new TypeError("workflow(nameOrRef, args): expected a workflow's name or { scriptPath }");
    const target = byName ? { name: ref } : { scriptPath: (ref as { scriptPath: string }).scriptPath };
    return host.call('workflow', jsonOf({ ref: target, args: workflowArgs }, 'workflow() args')).then(fromJson);
  }

  const total = config.budgetTotal;
  const budget = Object.freeze({
    total,
    spent: (): number => host.spent(),
    remaining: (): number => (total === null ? Infinity : Math.max(0, total - host.spent())),
  });
  const logAt = (level: string) => (...values: unknown[]) => host.post('log', level, text(values));
  const globals: Record<string, unknown> = {
    agent,
    parallel,
    pipeline,
    phase,
    log,
    workflow,
    budget,
    args: config.argsJson === undefined ? undefined : parse(config.argsJson),
    console: Object.freeze({ log: logAt('info'), info: logAt('info'), debug: logAt('debug'), warn: logAt('warn'), error: logAt('error') }),
  };
  for (const name of Object.keys(globals)) Object.defineProperty(global, name, { value: globals[name], writable: true, configurable: true });

  return { toJson: (value: unknown) => stringify(value) };
}
