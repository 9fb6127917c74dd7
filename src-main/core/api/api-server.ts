import type { z } from 'zod';
import { ApiError, asClientFacingError } from '../../../src-shared/api/api-error';
import type { CallOutcome } from '../../../src-shared/api/protocol';
import type { ContractShape, MethodName, StreamName } from '../../../src-shared/api/contract';

type Out<T extends z.ZodType> = z.output<T>;

/**
 * The connection a call came in on: one object per connection for its whole life, so it can key
 * per-connection state. Resources a client opens (a terminal view, say) register their cleanup
 * here, so a window that reloads or a socket that drops never leaves them behind.
 */
export interface CallContext {
  onClose(cleanup: () => void): void;
}

/** For in-process callers (tests, the shell's menu): nothing to clean up per connection. */
export const DETACHED_CONTEXT: CallContext = { onClose: () => undefined };

export type MethodHandlers<C extends ContractShape> = {
  [M in MethodName<C>]: (
    input: Out<C['methods'][M]['input']>,
    context: CallContext,
  ) => Out<C['methods'][M]['output']> | Promise<Out<C['methods'][M]['output']>>;
};

/** Starts pushing items; returns what stops it. Ending the stream from the server side is `end`. */
export type StreamHandlers<C extends ContractShape> = {
  [S in StreamName<C>]: (
    input: Out<C['streams'][S]['input']>,
    sink: { push(item: Out<C['streams'][S]['item']>): void; end(error?: ApiError): void },
  ) => () => void;
};

export interface ApiServer {
  call(method: string, rawArgs: unknown, context?: CallContext): Promise<CallOutcome>;
  subscribe(stream: string, rawArgs: unknown, onItem: (item: unknown) => void, onEnd: (error?: ApiError) => void): () => void;
}

export interface ApiServerOptions {
  /** Unexpected handler failures are logged here, never sent to clients with stack traces. */
  onInternalError?: (error: unknown, where: string) => void;
}

export function createApiServer<C extends ContractShape>(
  contract: C,
  methods: MethodHandlers<C>,
  streams: StreamHandlers<C>,
  options: ApiServerOptions = {},
): ApiServer {
  const report = options.onInternalError ?? ((error, where) => console.error(`[api] ${where} failed:`, error));

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

  function toApiError(error: unknown, where: string): ApiError {
    const clientFacing = asClientFacingError(error);
    if (clientFacing) return clientFacing;
    report(error, where);
    return new ApiError('internal', `${where} failed unexpectedly; see the Orrery log for details`);
  }

  return {
    async call(method, rawArgs, context = DETACHED_CONTEXT) {
      try {
        if (!Object.hasOwn(contract.methods, method)) throw new ApiError('unknown_method', `Unknown method "${method}"`);
        const def = contract.methods[method]!;
        const input = parse(def.input, rawArgs, method);
        const handler = methods[method as MethodName<C>] as (input: unknown, context: CallContext) => unknown;
        const value = await handler(input, context);
        return { ok: true, value };
      } catch (error) {
        return { ok: false, error: toApiError(error, method).toShape() };
      }
    },

    subscribe(stream, rawArgs, onItem, onEnd) {
      let stop: (() => void) | undefined;
      let ended = false;
      const end = (error?: ApiError): void => {
        if (ended) return;
        ended = true;
        stop?.();
        onEnd(error);
      };
      try {
        if (!Object.hasOwn(contract.streams, stream)) throw new ApiError('unknown_stream', `Unknown stream "${stream}"`);
        const input = parse(contract.streams[stream]!.input, rawArgs, stream);
        const start = streams[stream as StreamName<C>] as (input: unknown, sink: { push(i: unknown): void; end(e?: ApiError): void }) => () => void;
        stop = start(input, { push: (item) => ended || onItem(item), end });
        if (ended) stop();
      } catch (error) {
        end(toApiError(error, stream));
      }
      return () => {
        if (ended) return;
        ended = true;
        stop?.();
      };
    },
  };
}
