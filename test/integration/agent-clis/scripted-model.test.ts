// The scripted model server on its own, over real HTTP: the wire formats the CLIs read, and clear
// errors for requests no script can answer. (The CLI tests beside this one use it with the real CLIs.)
import { afterEach, describe, expect, it } from 'vitest';
import { commandThenAnswer, failure, slowStream, startScriptedModel, structuredOutput, textAnswer, type Script, type ScriptedModel } from '../../support/scripted-model/index';

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function start(script: Script): Promise<ScriptedModel> {
  model = await startScriptedModel(script);
  return model;
}

function post(path: string, body: unknown): Promise<Response> {
  if (!model) throw new Error('no model started');
  return fetch(`${model.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** SSE text → [{event, data}] */
function parseSse(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null') as Record<string, unknown>;
      return { event, data };
    });
}

const userTurn = (text: string) => ({ role: 'user', content: [{ type: 'text', text }] });

describe('the scripted model, Anthropic Messages side', () => {
  it('streams a tool call with its input as JSON deltas, then answers the tool result in a second request', async () => {
    await start(commandThenAnswer('echo hi'));
    const first = parseSse(await (await post('/v1/messages?beta=true', { model: 'm', stream: true, system: 'sys', tools: [{ name: 'Bash' }], messages: [userTurn('go')] })).text());
    const events = first.map((frame) => frame.event).filter((event, index, all) => event !== all[index - 1]);
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const deltas = first.filter((frame) => frame.event === 'content_block_delta').map((frame) => frame.data as { index: number; delta: { text?: string; partial_json?: string } });
    expect(deltas.filter((delta) => delta.index === 0).map((delta) => delta.delta.text).join('')).toBe('Running `echo hi`.');
    const toolStart = first.filter((frame) => frame.event === 'content_block_start')[1]?.data.content_block as { type: string; id: string; name: string };
    expect(toolStart).toMatchObject({ type: 'tool_use', name: 'Bash' });
    expect(JSON.parse(String(deltas.find((delta) => delta.index === 1)?.delta.partial_json))).toEqual({ command: 'echo hi', description: 'Print a marker' });
    expect(first.find((frame) => frame.event === 'message_delta')?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    const usage = (first[0]?.data.message as { usage: Record<string, number> }).usage;
    expect(usage.input_tokens).toBeGreaterThan(0);
    expect(usage.cache_creation_input_tokens).toBeGreaterThan(0);

    const second = await post('/v1/messages', {
      model: 'm',
      stream: false,
      system: 'sys',
      messages: [userTurn('go'), { role: 'assistant', content: [{ type: 'tool_use', id: toolStart.id, name: 'Bash', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolStart.id, content: 'hi\n' }] }],
    });
    expect(second.status).toBe(200);
    const message = (await second.json()) as { content: unknown[]; stop_reason: string; usage: Record<string, number> };
    expect(message).toMatchObject({ content: [{ type: 'text', text: 'The command printed: hi' }], stop_reason: 'end_turn' });
    expect(message.usage.cache_read_input_tokens).toBeGreaterThan(0);
    expect(model?.requests.map((request) => [request.api, request.reply])).toEqual([
      ['anthropic', 'message'],
      ['anthropic', 'message'],
    ]);
  });

  it('answers a --json-schema run by calling StructuredOutput with an object that fits the schema', async () => {
    await start(structuredOutput());
    const schema = { type: 'object', properties: { title: { type: 'string' }, count: { type: 'integer', minimum: 3 }, tags: { type: 'array', items: { enum: ['a', 'b'] } } }, required: ['title', 'count', 'tags'] };
    const response = await post('/v1/messages', { stream: false, tools: [{ name: 'StructuredOutput', input_schema: schema }], messages: [userTurn('go')] });
    expect(await response.json()).toMatchObject({ content: [{ type: 'tool_use', name: 'StructuredOutput', input: { title: 'scripted title', count: 3, tags: ['a'] } }] });
  });

  it('trickles a slow stream over the time asked for', async () => {
    await start(slowStream(0.4, 5));
    const started = Date.now();
    const frames = parseSse(await (await post('/v1/messages', { stream: true, messages: [userTurn('go')] })).text());
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(frames.filter((frame) => frame.event === 'content_block_delta')).toHaveLength(5);
  });

  it('fails with the HTTP status and error body a script asks for', async () => {
    await start(failure());
    const response = await post('/v1/messages', { stream: true, messages: [userTurn('go')] });
    expect(response.status).toBe(529);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });
});

describe('the scripted model, OpenAI Responses side', () => {
  it('streams an exec_command function call, then a message with response.completed usage', async () => {
    await start(commandThenAnswer('echo hi'));
    const prompt = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] };
    const first = parseSse(await (await post('/v1/responses', { model: 'gpt', stream: true, input: [prompt] })).text());
    const call = first.find((frame) => frame.event === 'response.output_item.done' && (frame.data.item as { type: string }).type === 'function_call')?.data.item as { call_id: string; name: string; arguments: string };
    expect(call.name).toBe('exec_command');
    expect(JSON.parse(call.arguments)).toEqual({ cmd: 'echo hi' });
    expect(first.at(-1)?.event).toBe('response.completed');

    const output = { type: 'function_call_output', call_id: call.call_id, output: 'Chunk ID: 1\nOutput:\nhi\n' };
    const second = parseSse(await (await post('/v1/responses', { model: 'gpt', stream: true, input: [prompt, { type: 'function_call', call_id: call.call_id, name: 'exec_command', arguments: call.arguments }, output] })).text());
    const completed = second.at(-1)?.data.response as { output: Array<{ content: Array<{ text: string }> }>; usage: { input_tokens: number; input_tokens_details: { cached_tokens: number } } };
    expect(completed.output[0]?.content[0]?.text).toBe('The command printed: hi');
    expect(completed.usage.input_tokens_details.cached_tokens).toBeGreaterThan(0);
    expect(completed.usage.input_tokens).toBeGreaterThan(completed.usage.input_tokens_details.cached_tokens);
  });

  it('ends a failing response with response.failed carrying the error', async () => {
    await start(failure());
    const frames = parseSse(await (await post('/v1/responses', { stream: true, input: [] })).text());
    expect(frames.at(-1)).toMatchObject({ event: 'response.failed', data: { response: { status: 'failed', error: { code: 'server_error' } } } });
  });
});

describe('the scripted model, requests it cannot answer', () => {
  it('says which route is missing, which side the script lacks, and that a body is not JSON', async () => {
    await start(textAnswer());
    const noRoute = await post('/v1/chat/completions', {});
    expect(noRoute.status).toBe(404);
    expect(JSON.stringify(await noRoute.json())).toContain('no route for POST /v1/chat/completions');

    const notJson = await post('/v1/messages', 'not json');
    expect(notJson.status).toBe(400);
    expect(JSON.stringify(await notJson.json())).toContain('needs a JSON object body');

    await model?.close();
    await start(structuredOutput());
    const noSide = await post('/v1/responses', { stream: true, input: [] });
    expect(noSide.status).toBe(500);
    expect(JSON.stringify(await noSide.json())).toContain('script \\"structured-output\\" has no OpenAI Responses replies');
  });

  it('waitForRequest names what it saw when nothing matches in time', async () => {
    await start(textAnswer());
    await post('/v1/nothing', {});
    await expect(model?.waitForRequest((request) => request.api === 'openai', 50)).rejects.toThrow(/no matching request: nothing matched within 50 ms \(saw 1: POST \/v1\/nothing\)/);
  });
});
