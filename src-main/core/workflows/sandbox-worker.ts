import type { MessagePort } from 'node:worker_threads';
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { FromSandbox, ReplayEntry, SandboxItem, SandboxLimits, ScopeConfig, ScriptError, ToSandbox } from './sandbox-protocol';

export interface SandboxWorkerData {
  corePath: string;
  variantPath: string;
  preludeSource: string;
  limits: SandboxLimits;
}

type Require = (id: string) => unknown;

/**
 * The worker thread's main: QuickJS (WebAssembly) with the workflow globals, driven one turn per
 * message. Runs from its own source text (`new Worker(…, { eval: true })`), so it uses nothing
 * from this module's scope; QuickJS is loaded from the absolute paths the host resolved.
 *
 * A turn: apply the message, run every pending job, settle children that finished, hand over
 * replayed results one at a time (each followed by its jobs), then post what the script asked
 * for as one `turn` message — which also tells the host the script is idle again. The host sends
 * the next message only then, so the order in which results reach the script is the host's to
 * decide and to journal, and a replay hands them over in the order it recorded.
 */
export function sandboxWorkerMain(port: MessagePort, data: SandboxWorkerData, requireModule: Require): void {
  const core = requireModule(data.corePath) as typeof import('quickjs-emscripten-core');
  const variantModule = requireModule(data.variantPath) as { default?: unknown };
  const variant = (variantModule.default ?? variantModule) as Parameters<typeof core.newQuickJSWASMModuleFromVariant>[0];
  const early: ToSandbox[] = [];
  let receive = (message: ToSandbox): void => void early.push(message);
  port.on('message', (message: ToSandbox) => receive(message));
  core.newQuickJSWASMModuleFromVariant(variant).then(
    (quickjs) => {
      const sandbox = createSandbox(quickjs);
      receive = sandbox;
      for (const message of early.splice(0)) sandbox(message);
    },
    (error: unknown) => post([{ t: 'done', ok: false, error: { message: `The sandbox could not load QuickJS: ${String(error)}` } }]),
  );

  function post(items: SandboxItem[]): void {
    port.postMessage({ type: 'turn', items } satisfies FromSandbox);
  }

  function createSandbox(quickjs: QuickJSWASMModule): (message: ToSandbox) => void {
    const { limits } = data;
    const runtime: QuickJSRuntime = quickjs.newRuntime();
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    let sliceStartedAt = 0;
    let sliceExpired = false;
    runtime.setInterruptHandler(() => {
      if (sliceStartedAt === 0 || Date.now() - sliceStartedAt <= limits.sliceMs) return false;
      sliceExpired = true;
      return true;
    });

    interface Scope {
      id: number;
      ctx: QuickJSContext;
      file: string;
      toJson: QuickJSHandle;
      promise: QuickJSHandle | undefined;
      /** The workflow() call a child answers. */
      parentCall: PendingCall | undefined;
    }
    interface PendingCall {
      deferred: QuickJSDeferredPromise;
      ctx: QuickJSContext;
    }
    interface ReplayedCall extends PendingCall {
      entry: ReplayEntry;
    }

    const outbox: SandboxItem[] = [];
    /** Calls waiting for the host: agent() results and workflow() code. */
    const awaitingHost = new Map<number, PendingCall>();
    const scopes: Scope[] = [];
    let spent = 0;
    let maxCalls = 0;
    let agentCalls = 0;
    let nextCallId = 1;
    let finished = false;
    /** The previous attempt's calls by position, while every call so far was served from them. */
    let replay = new Map<number, ReplayEntry>();
    /** Served calls waiting for their turn, in the order their results reached the script before. */
    const replayed: ReplayedCall[] = [];

    class Fatal extends Error {}

    function errorOf(ctx: QuickJSContext, handle: QuickJSHandle, file: string | undefined): ScriptError {
      const value = ctx.dump(handle) as unknown;
      if (typeof value !== 'object' || value === null) return { message: `The script threw ${JSON.stringify(value) ?? String(value)}` };
      const error = value as { name?: unknown; message?: unknown; stack?: unknown; lineNumber?: unknown; fileName?: unknown };
      const name = typeof error.name === 'string' ? error.name : 'Error';
      const message = typeof error.message === 'string' ? error.message : JSON.stringify(value);
      const described: ScriptError = { message: explain(name, message) };
      // The first frame in the script's own file is where its author should look.
      const frames = typeof error.stack === 'string' ? error.stack.split('\n') : [];
      for (const frame of frames) {
        const match = /(?:\(|at )([^()\s]+?):(\d+)(?::\d+)?\)?\s*$/.exec(frame);
        if (match !== null && (file === undefined || match[1] === file)) {
          described.file = match[1] as string;
          described.line = Number(match[2]);
          return described;
        }
      }
      if (typeof error.lineNumber === 'number' && typeof error.fileName === 'string') {
        described.file = error.fileName;
        described.line = error.lineNumber;
      }
      return described;
    }

    /** QuickJS's own words for its limits are terse; say which limit and what happened. */
    function explain(name: string, message: string): string {
      if (name === 'InternalError' && message === 'interrupted' && sliceExpired) {
        return `The script ran for more than ${limits.sliceMs / 1000} s without waiting for an agent (an endless loop?) and was stopped`;
      }
      if (name === 'InternalError' && message === 'out of memory') return `The script ran out of memory (the sandbox allows ${limits.memoryBytes / 1024 / 1024} MiB)`;
      if (/stack overflow/.test(message)) return `The script recursed too deeply (${name}: stack overflow; the sandbox allows ${limits.stackBytes / 1024} KiB of stack)`;
      return name === 'Error' ? message : `${name}: ${message}`;
    }

    function unwrap(ctx: QuickJSContext, result: { error?: QuickJSHandle; value?: QuickJSHandle }, file: string | undefined): QuickJSHandle {
      if (result.error !== undefined) {
        const described = errorOf(ctx, result.error, file);
        result.error.dispose();
        throw new Fatal(JSON.stringify(described));
      }
      return result.value as QuickJSHandle;
    }

    function openScope(code: string, file: string, config: ScopeConfig, parentCall: PendingCall | undefined): void {
      const id = scopes.length;
      const ctx = runtime.newContext();
      const host = ctx.newObject();
      const call = ctx.newFunction('call', (kindHandle, payloadHandle, phaseHandle) => {
        const kind = ctx.getString(kindHandle);
        const payload = ctx.getString(payloadHandle);
        const deferred = ctx.newPromise();
        if (kind === 'agent') {
          if (agentCalls >= maxCalls) throw new Error(`A workflow run makes at most ${maxCalls} agent() calls; this is one more`);
          const position = agentCalls++;
          const recorded = replay.get(position);
          if (recorded !== undefined && recorded.payload === payload) {
            insertReplayed({ deferred, ctx, entry: recorded });
            return deferred.handle;
          }
          // The first call that differs runs live, and so does every call after it.
          replay = new Map();
          const phase = ctx.typeof(phaseHandle) === 'string' ? ctx.getString(phaseHandle) : undefined;
          const callId = nextCallId++;
          awaitingHost.set(callId, { deferred, ctx });
          outbox.push({ t: 'call', id: callId, kind: 'agent', payload, phase, position, scope: id });
          return deferred.handle;
        }
        const callId = nextCallId++;
        awaitingHost.set(callId, { deferred, ctx });
        outbox.push({ t: 'call', id: callId, kind: 'workflow', payload, scope: id });
        return deferred.handle;
      });
      const postFn = ctx.newFunction('post', (kindHandle, levelHandle, textHandle) => {
        const kind = ctx.getString(kindHandle);
        const textValue = ctx.getString(textHandle).slice(0, 10_000);
        if (kind === 'phase') outbox.push({ t: 'phase', title: textValue, scope: id });
        else {
          const level = ctx.getString(levelHandle);
          outbox.push({ t: 'log', level: level === 'warn' || level === 'error' || level === 'debug' ? level : 'info', message: textValue, scope: id });
        }
      });
      const spentFn = ctx.newFunction('spent', () => ctx.newNumber(spent));
      ctx.setProp(host, 'call', call);
      ctx.setProp(host, 'post', postFn);
      ctx.setProp(host, 'spent', spentFn);
      call.dispose();
      postFn.dispose();
      spentFn.dispose();

      const install = unwrap(ctx, ctx.evalCode(`(function () { const __name = (target) => target; return (${data.preludeSource}); })()`, 'orrery:workflow-globals'), undefined);
      const configHandle = ctx.newString(JSON.stringify(config));
      const helpers = unwrap(ctx, ctx.callFunction(install, ctx.undefined, host, configHandle), undefined);
      const toJson = ctx.getProp(helpers, 'toJson');
      for (const handle of [install, configHandle, helpers, host]) handle.dispose();

      const scope: Scope = { id, ctx, file, toJson, promise: undefined, parentCall };
      scopes.push(scope);
      const evaluated = ctx.evalCode(code, file, { type: 'global', strict: true });
      if (evaluated.error !== undefined) {
        const described = errorOf(ctx, evaluated.error, undefined);
        evaluated.error.dispose();
        settleScope(scope, { ok: false, error: described });
        return;
      }
      scope.promise = evaluated.value;
    }

    function insertReplayed(call: ReplayedCall): void {
      let index = replayed.length;
      while (index > 0 && (replayed[index - 1] as ReplayedCall).entry.rank > call.entry.rank) index--;
      replayed.splice(index, 0, call);
    }

    function settle(pending: PendingCall, outcome: { ok: true; json: string | undefined } | { ok: false; error: string }): void {
      if (outcome.ok) {
        const value = outcome.json === undefined ? pending.ctx.undefined : pending.ctx.newString(outcome.json);
        pending.deferred.resolve(value);
        if (value !== pending.ctx.undefined) value.dispose();
      } else {
        pending.ctx.newError({ name: 'Error', message: outcome.error }).consume((error) => pending.deferred.reject(error));
      }
    }

    /**
     * Hands over replayed results, one at a time, as the host would have in turns of their own —
     * until a workflow() call waits for its code, which must reach the script first, as it did.
     */
    function handOverReplayed(): void {
      while (!finished && replayed.length > 0 && !outbox.some((item) => item.t === 'call' && item.kind === 'workflow')) {
        const next = replayed.shift() as ReplayedCall;
        spent += next.entry.tokensOut;
        outbox.push({ t: 'replayed', position: next.entry.position });
        sliceStartedAt = Date.now();
        settle(next, { ok: true, json: next.entry.json });
        drainJobs();
      }
    }

    function resultJson(scope: Scope, value: QuickJSHandle): { ok: true; json: string | undefined } | { ok: false; error: ScriptError } {
      const converted = scope.ctx.callFunction(scope.toJson, scope.ctx.undefined, value);
      if (converted.error !== undefined) {
        const described = errorOf(scope.ctx, converted.error, undefined);
        converted.error.dispose();
        return { ok: false, error: { message: `The workflow returned a value that is not JSON: ${described.message}` } };
      }
      const json = converted.value.consume((handle) => (scope.ctx.typeof(handle) === 'string' ? scope.ctx.getString(handle) : undefined));
      return { ok: true, json };
    }

    function settleScope(scope: Scope, outcome: { ok: true; json: string | undefined } | { ok: false; error: ScriptError }): void {
      scope.promise?.dispose();
      scope.promise = undefined;
      const parent = scope.parentCall;
      if (parent === undefined) {
        finished = true;
        outbox.push(outcome.ok ? { t: 'done', ok: true, json: outcome.json } : { t: 'done', ok: false, error: outcome.error });
        return;
      }
      if (outcome.ok) return settle(parent, outcome);
      const where = outcome.error.line === undefined ? '' : ` (${outcome.error.file ?? scope.file}:${outcome.error.line})`;
      settle(parent, { ok: false, error: `${outcome.error.message}${where}` });
    }

    /** Settles every script whose promise has settled; true if any did (their parents have jobs now). */
    function settleFinishedScopes(): boolean {
      let changed = false;
      for (const scope of scopes) {
        if (scope.promise === undefined) continue;
        const state = scope.ctx.getPromiseState(scope.promise);
        if (state.type === 'pending') continue;
        changed = true;
        if (state.type === 'fulfilled') {
          const json = resultJson(scope, state.value);
          if (state.value !== scope.promise) state.value.dispose();
          settleScope(scope, json);
        } else {
          const described = errorOf(scope.ctx, state.error, scope.file);
          state.error.dispose();
          settleScope(scope, { ok: false, error: described });
        }
      }
      return changed;
    }

    function drainJobs(): void {
      for (;;) {
        const executed = runtime.executePendingJobs(-1);
        if (executed.error !== undefined) {
          const described = errorOf(executed.error.context, executed.error, undefined);
          executed.error.dispose();
          throw new Fatal(JSON.stringify(described));
        }
        if (executed.value === 0 && !settleFinishedScopes()) return;
      }
    }

    function fatalError(error: unknown): ScriptError {
      if (error instanceof Fatal) return JSON.parse(error.message) as ScriptError;
      if (sliceExpired) return { message: explain('InternalError', 'interrupted') };
      const message = error instanceof Error ? error.message : String(error);
      if (/out of memory|memory access out of bounds|Cannot enlarge memory/i.test(message)) return { message: `The script ran out of memory (${limits.memoryBytes / 1024 / 1024} MiB) and was stopped` };
      if (/call stack/i.test(message)) return { message: 'The script recursed too deeply (stack overflow) and was stopped' };
      return { message: `The sandbox failed: ${message}` };
    }

    function turn(work: () => void): void {
      if (finished) return;
      sliceStartedAt = Date.now();
      try {
        work();
        drainJobs();
        handOverReplayed();
        const main = scopes[0];
        if (!finished && main !== undefined && awaitingHost.size === 0 && replayed.length === 0) {
          settleScope(main, { ok: false, error: { message: 'The script is waiting for a promise that nothing can settle: no agent is running and none is queued' } });
        }
      } catch (error) {
        finished = true;
        outbox.push({ t: 'done', ok: false, error: fatalError(error) });
      } finally {
        sliceStartedAt = 0;
      }
      post(outbox.splice(0));
    }

    return (message: ToSandbox) => {
      switch (message.type) {
        case 'start':
          spent = message.spent;
          maxCalls = message.maxCalls;
          replay = new Map(message.replay.map((entry) => [entry.position, entry]));
          turn(() => openScope(message.code, message.file, message.config, undefined));
          return;
        case 'child': {
          const pending = awaitingHost.get(message.id);
          turn(() => {
            if (pending === undefined) return;
            awaitingHost.delete(message.id);
            openScope(message.code, message.file, message.config, pending);
          });
          return;
        }
        case 'settle': {
          spent = message.spent;
          const pending = awaitingHost.get(message.id);
          turn(() => {
            if (pending === undefined) return;
            awaitingHost.delete(message.id);
            settle(pending, message.ok ? { ok: true, json: message.json } : { ok: false, error: message.error });
          });
          return;
        }
      }
    };
  }
}
