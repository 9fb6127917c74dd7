import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../../../src-shared/api/api-error';
import { createApiServer } from '../../../../src-main/core/api/api-server';

const testContract = {
  methods: {
    'math.add': { input: z.object({ a: z.number(), b: z.number() }).strict(), output: z.number() },
    'math.fail': { input: z.object({}), output: z.never() },
    'math.missing': { input: z.object({ id: z.string() }), output: z.never() },
  },
  streams: {
    'math.count': { input: z.object({ upTo: z.number().int().positive() }), item: z.number() },
  },
};

function server(onInternalError = vi.fn()) {
  return createApiServer(
    testContract,
    {
      'math.add': ({ a, b }) => a + b,
      'math.fail': () => {
        throw new Error('secret stack detail');
      },
      'math.missing': ({ id }) => {
        throw new ApiError('not_found', `No thing ${id}`);
      },
    },
    {
      'math.count': ({ upTo }, sink) => {
        let i = 0;
        const timer = setInterval(() => {
          sink.push(++i);
          if (i === upTo) sink.end();
        }, 1);
        return () => clearInterval(timer);
      },
    },
    { onInternalError },
  );
}

describe('api server', () => {
  it('calls a method with validated arguments', async () => {
    expect(await server().call('math.add', { a: 2, b: 3 })).toEqual({ ok: true, value: 5 });
  });

  it('rejects malformed arguments with the failing paths, without calling the handler', async () => {
    const outcome = await server().call('math.add', { a: 'two', b: 3, extra: true });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_argument');
    expect(outcome.error.message).toMatch(/^Invalid arguments for math\.add: a: /);
    expect(outcome.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining([['a']]));
  });

  it('names unknown methods and does not reach prototype properties', async () => {
    for (const method of ['nope', 'toString', '__proto__', 'constructor']) {
      const outcome = await server().call(method, {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('passes ApiErrors through and hides unexpected failures behind a generic message', async () => {
    const report = vi.fn();
    const s = server(report);
    expect(await s.call('math.missing', { id: 'x' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No thing x' } });
    const failed = await s.call('math.fail', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(failed)).not.toContain('secret stack detail');
    expect(report).toHaveBeenCalledOnce();
  });

  it('streams items until the server ends the stream', async () => {
    const items: number[] = [];
    await new Promise<void>((resolve, reject) => {
      server().subscribe('math.count', { upTo: 3 }, (n) => items.push(n as number), (error) => (error ? reject(error) : resolve()));
    });
    expect(items).toEqual([1, 2, 3]);
  });

  it('stops pushing once the client unsubscribes', async () => {
    const items: unknown[] = [];
    const stop = server().subscribe('math.count', { upTo: 1000 }, (n) => items.push(n), () => undefined);
    await vi.waitFor(() => expect(items.length).toBeGreaterThan(0));
    stop();
    const seen = items.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(items.length).toBe(seen);
  });

  it('ends a subscription with invalid arguments immediately with a validation error', () => {
    const onEnd = vi.fn();
    server().subscribe('math.count', { upTo: -1 }, () => undefined, onEnd);
    expect(onEnd).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

describe('domain errors', () => {
  it('reach the client with their own code when it is a client-facing one, and as internal otherwise', async () => {
    class NotThere extends Error {
      readonly code = 'not_found';
    }
    const fsError = Object.assign(new Error('ENOENT: /secret/path'), { code: 'ENOENT' });
    const contract = { methods: { 'x.a': { input: z.object({}), output: z.never() }, 'x.b': { input: z.object({}), output: z.never() } }, streams: {} };
    const s = createApiServer(contract, {
      'x.a': () => {
        throw new NotThere('No terminal with id "t9"');
      },
      'x.b': () => {
        throw fsError;
      },
    }, {}, { onInternalError: () => undefined });
    expect(await s.call('x.a', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'No terminal with id "t9"' } });
    const b = await s.call('x.b', {});
    expect(b).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(b)).not.toContain('/secret/path');
  });
});

describe('output checks', () => {
  const shaped = {
    methods: { 'shape.get': { input: z.object({ good: z.boolean() }), output: z.object({ n: z.number() }) } },
    streams: { 'shape.items': { input: z.object({ good: z.boolean() }), item: z.object({ n: z.number() }) } },
  };
  const handlers = (validateOutputs: boolean, onInternalError = vi.fn()) =>
    createApiServer(
      shaped,
      { 'shape.get': ({ good }) => (good ? { n: 1 } : ({ n: 'one' } as unknown as { n: number })) },
      {
        'shape.items': ({ good }, sink) => {
          sink.push(good ? { n: 1 } : ({ n: 'one' } as unknown as { n: number }));
          return () => undefined;
        },
      },
      { validateOutputs, onInternalError },
    );

  it('answers a method whose value breaks its output schema with an internal error, and reports where', async () => {
    const report = vi.fn();
    const server = handlers(true, report);
    expect(await server.call('shape.get', { good: true })).toEqual({ ok: true, value: { n: 1 } });
    const outcome = await server.call('shape.get', { good: false });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(String(report.mock.calls[0]?.[0])).toMatch(/shape\.get produced a value its contract does not allow: n: /);
  });

  it('ends a stream whose item breaks its schema instead of sending it', () => {
    const items: unknown[] = [];
    const onEnd = vi.fn();
    handlers(true).subscribe('shape.items', { good: false }, (item) => items.push(item), onEnd);
    expect(items).toEqual([]);
    expect(onEnd).toHaveBeenCalledWith(expect.objectContaining({ code: 'internal' }));
  });

  it('sends values unchecked when checks are off (production builds)', async () => {
    expect(await handlers(false).call('shape.get', { good: false })).toEqual({ ok: true, value: { n: 'one' } });
  });

  it('are on by default under the test runner, as in development builds', async () => {
    const server = createApiServer(shaped, { 'shape.get': () => ({ n: 'one' }) as unknown as { n: number } }, { 'shape.items': () => () => undefined }, { onInternalError: () => undefined });
    expect(await server.call('shape.get', { good: true })).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('says where the details of an internal error went, not a log file that does not exist', async () => {
    const outcome = await server(vi.fn()).call('math.fail', {});
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toBe("math.fail failed unexpectedly (an internal error in Orrery; the details are on the host's standard error)");
  });
});
