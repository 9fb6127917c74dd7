import type { z } from 'zod';
import { ApiError, asClientFacingError } from '../../../src-shared/api/api-error';
import type { CallOutcome } from '../../../src-shared/api/protocol';
import type { ContractShape, MethodName, StreamName } from '../../../src-shared/api/contract';

type Out<T extends z.ZodType> = z.output<T>;

/**
 * One client connection (a window's IPC, one WebSocket): one object for its whole life, so it can
 * key per-connection state. Resources a client opens (a terminal view, say) register their cleanup
 * here, so a window that reloads or a socket that drops never leaves them behind.
 */
export interface Connection {
  onClose(cleanup: () => void): void;
}

/** What a handler knows about the call or subscription it serves. */
export interface CallContext {
  /** The connection it came in on; key per-connection state on this, not on the context. */
  readonly connection: Connection;
  /**
   * Aborted when nobody wants the outcome any more: the client cancelled the call, the
   * subscription ended, or the connection closed. Long work (a search) stops on it.
   */
  readonly signal: AbortSignal;
  /** Shorthand for `connection.onClose`. */
  onClose(cleanup: () => void): void;
}

export function callContext(connection: Connection, signal: AbortSignal): CallContext {
  return { connection, signal, onClose: (cleanup) => connection.onClose(cleanup) };
}

/** For in-process callers (tests, the shell's menu): nothing to clean up per connection. */
export const DETACHED_CONNECTION: Connection = { onClose: () => undefined };

export type MethodHandlers<C extends ContractShape> = {
  [M in MethodName<C>]: (
    input: Out<C['methods'][M]['input']>,
    context: CallContext,
  ) => Out<C['methods'][M]['output']> | Promise<Out<C['methods'][M]['output']>>;
};

export interface StreamSink<T> {
  push(item: T): void;
  end(error?: ApiError): void;
}

/**
 * Starts pushing items; returns what stops it. Ending the stream from the server side is `end`.
 * The context's signal aborts when the stream stops, whoever stopped it.
 */
export type StreamHandlers<C extends ContractShape> = {
  [S in StreamName<C>]: (input: Out<C['streams'][S]['input']>, sink: StreamSink<Out<C['streams'][S]['item']>>, context: CallContext) => () => void;
};

export interface ApiServer {
  /** `context` defaults to a detached connection and a signal that never aborts. */
  call(method: string, rawArgs: unknown, context?: CallContext): Promise<CallOutcome>;
  subscribe(stream: string, rawArgs: unknown, onItem: (item: unknown) => void, onEnd: (error?: ApiError) => void, connection?: Connection): () => void;
}

export interface ApiServerOptions {
  /** Unexpected handler failures are logged here, never sent to clients with stack traces. */
  onInternalError?: (error: unknown, where: string) => void;
  /**
   * Check every output and stream item against its schema, so a handler that drifts from the
   * contract fails loudly. On by default in development builds and tests, off in production
   * builds, where the values come from the core itself and checking them costs time per item.
   */
  validateOutputs?: boolean;
}

/**
 * Vite replaces `import.meta.env` at build time: DEV is true in `electron-vite dev` and under
 * vitest, false in production builds; plain Node (the CLI's TypeScript hook) has no `env`.
 */
const DEVELOPMENT_BUILD = (import.meta as ImportMeta & { env?: { DEV?: boolean } }).env?.DEV === true;

const NEVER_ABORTED = new AbortController().signal;

export function createApiServer<C extends ContractShape>(
  contract: C,
  methods: MethodHandlers<C>,
  streams: StreamHandlers<C>,
  options: ApiServerOptions = {},
): ApiServer {
  const report = options.onInternalError ?? ((error, where) => console.error(`[api] ${where} failed:`, error));
  const validateOutputs = options.validateOutputs ?? DEVELOPMENT_BUILD;

  function parse(schema: z.ZodType, raw: unknown, what: string): unknown {
    const result = schema.safeParse(raw ?? {});
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: issue.message,
    }));
    const summary = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new ApiError('invalid_argument', `Invalid arguments for ${what}: ${summary}`, issues);
  }

  /** The value itself goes out, not the parse result: a check must not change what is sent. */
  function checkOutput(schema: z.ZodType, value: unknown, what: string): void {
    if (!validateOutputs) return;
    const result = schema.safeParse(value);
    if (result.success) return;
    const summary = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`${what} produced a value its contract does not allow: ${summary}`);
  }

  function toApiError(error: unknown, where: string): ApiError {
    const clientFacing = asClientFacingError(error);
    if (clientFacing) return clientFacing;
    report(error, where);
    // There is no log file: the details went to the reporter above, by default the process's stderr.
    return new ApiError('internal', `${where} failed unexpectedly (an internal error in Orrery; the details are on the host's standard error)`);
  }

  return {
    async call(method, rawArgs, context = callContext(DETACHED_CONNECTION, NEVER_ABORTED)) {
      try {
        if (!Object.hasOwn(contract.methods, method)) throw new ApiError('unknown_method', `Unknown method "${method}"`);
        const def = contract.methods[method]!;
        const input = parse(def.input, rawArgs, method);
        const handler = methods[method as MethodName<C>] as (input: unknown, context: CallContext) => unknown;
        const value = await handler(input, context);
        if (context.signal.aborted) throw new ApiError('cancelled', `${method} was cancelled`);
        checkOutput(def.output, value, method);
        return { ok: true, value };
      } catch (error) {
        if (context.signal.aborted) return { ok: false, error: new ApiError('cancelled', `${method} was cancelled`).toShape() };
        return { ok: false, error: toApiError(error, method).toShape() };
      }
    },

    subscribe(stream, rawArgs, onItem, onEnd, connection = DETACHED_CONNECTION) {
      const aborter = new AbortController();
      let stop: (() => void) | undefined;
      let ended = false;
      const halt = (): void => {
        ended = true;
        aborter.abort();
        stop?.();
      };
      const end = (error?: ApiError): void => {
        if (ended) return;
        halt();
        onEnd(error);
      };
      try {
        if (!Object.hasOwn(contract.streams, stream)) throw new ApiError('unknown_stream', `Unknown stream "${stream}"`);
        const def = contract.streams[stream]!;
        const input = parse(def.input, rawArgs, stream);
        const start = streams[stream as StreamName<C>] as (input: unknown, sink: StreamSink<unknown>, context: CallContext) => () => void;
        const push = (item: unknown): void => {
          if (ended) return;
          try {
            checkOutput(def.item, item, stream);
          } catch (error) {
            end(toApiError(error, stream));
            return;
          }
          onItem(item);
        };
        stop = start(input, { push, end }, callContext(connection, aborter.signal));
        if (ended) stop();
      } catch (error) {
        end(toApiError(error, stream));
      }
      return () => {
        if (!ended) halt();
      };
    },
  };
}
