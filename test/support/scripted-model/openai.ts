// The OpenAI Responses side of the scripted model (what Codex speaks): what a script sees of a
// request, what it may answer, and the SSE stream that carries the answer.
import { responsesUsage, type ResponsesUsage } from './usage';
import { pace, wordChunks, type SseWriter } from './sse';
import type { Ids } from './ids';

interface InputItem {
  type?: string;
  role?: string;
  content?: unknown;
  [key: string]: unknown;
}
export interface ResponsesBody {
  model?: string;
  stream?: boolean;
  instructions?: unknown;
  tools?: Array<{ name?: string; type?: string }>;
  input?: InputItem[];
  [key: string]: unknown;
}

export interface FunctionOutput {
  call_id: string;
  output: string;
}

export interface OpenAIRequest {
  readonly body: ResponsesBody;
  readonly model: string;
  readonly toolNames: readonly string[];
  /** The text of the last user message that is not Codex's own environment context: the prompt. */
  readonly prompt: string;
  /** Every such prompt in the conversation, oldest first (a resumed thread carries the earlier ones). */
  readonly prompts: readonly string[];
  /** Outputs of the function calls made since that prompt, oldest first. */
  readonly functionOutputs: readonly FunctionOutput[];
}

export type OpenAIItem =
  | { type: 'message'; text: string }
  | { type: 'function_call'; name: string; arguments: Record<string, unknown>; callId?: string }
  | { type: 'reasoning'; summary: string };

export type OpenAIReply =
  | { kind: 'response'; output: OpenAIItem[]; usage?: Partial<ResponsesUsage>; trickleMs?: number }
  /** A stream that starts and ends in `response.failed` with `response.error`. */
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'http_error'; status: number; errorType: string; message: string };

function inputText(item: InputItem): string {
  if (typeof item.content === 'string') return item.content;
  if (!Array.isArray(item.content)) return '';
  return item.content
    .map((part: { type?: string; text?: unknown }) => (typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}

export function viewOpenAIRequest(body: ResponsesBody): OpenAIRequest {
  const input = body.input ?? [];
  const isPrompt = (item: InputItem) => item.type === 'message' && item.role === 'user' && !inputText(item).startsWith('<environment_context>');
  const promptIndex = input.findLastIndex(isPrompt);
  const prompts = input.filter(isPrompt).map(inputText);
  return {
    body,
    model: body.model ?? 'gpt-scripted',
    toolNames: (body.tools ?? []).map((tool) => tool.name ?? tool.type ?? ''),
    prompt: prompts.at(-1) ?? '',
    prompts,
    functionOutputs: input
      .slice(promptIndex + 1)
      .filter((item) => item.type === 'function_call_output')
      .map((item) => ({ call_id: String(item.call_id), output: typeof item.output === 'string' ? item.output : JSON.stringify(item.output) })),
  };
}

export function responsesErrorBody(errorType: string, message: string): unknown {
  return { error: { type: errorType, code: errorType, message, param: null } };
}

interface RenderedItem {
  source: OpenAIItem;
  /** The finished form, as `response.output_item.done` and `response.completed` carry it. */
  done: Record<string, unknown>;
}

function renderItems(reply: Extract<OpenAIReply, { kind: 'response' }>, ids: Ids): RenderedItem[] {
  return reply.output.map((source) => {
    if (source.type === 'message') {
      return { source, done: { id: ids.next('msg_scripted_'), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: source.text, annotations: [] }] } };
    }
    if (source.type === 'reasoning') return { source, done: { id: ids.next('rs_scripted_'), type: 'reasoning', summary: [{ type: 'summary_text', text: source.summary }] } };
    const done = { id: ids.next('fc_scripted_'), type: 'function_call', status: 'completed', call_id: source.callId ?? ids.next('call_scripted_'), name: source.name, arguments: JSON.stringify(source.arguments) };
    return { source, done };
  });
}

function streamSteps(items: RenderedItem[], send: (type: string, data: Record<string, unknown>) => void): Array<() => void> {
  const steps: Array<() => void> = [];
  items.forEach(({ source, done }, output_index) => {
    const item_id = done.id;
    if (source.type === 'message') {
      steps.push(() => send('response.output_item.added', { output_index, item: { ...done, status: 'in_progress', content: [] } }));
      steps.push(() => send('response.content_part.added', { item_id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
      for (const delta of wordChunks(source.text)) steps.push(() => send('response.output_text.delta', { item_id, output_index, content_index: 0, delta }));
      steps.push(() => send('response.output_text.done', { item_id, output_index, content_index: 0, text: source.text }));
    } else if (source.type === 'reasoning') {
      steps.push(() => send('response.output_item.added', { output_index, item: { ...done, summary: [] } }));
      steps.push(() => send('response.reasoning_summary_text.delta', { item_id, output_index, summary_index: 0, delta: source.summary }));
    } else {
      steps.push(() => send('response.output_item.added', { output_index, item: { ...done, status: 'in_progress', arguments: '' } }));
      steps.push(() => send('response.function_call_arguments.delta', { item_id, output_index, delta: done.arguments }));
      steps.push(() => send('response.function_call_arguments.done', { item_id, output_index, arguments: done.arguments }));
    }
    steps.push(() => send('response.output_item.done', { output_index, item: done }));
  });
  return steps;
}

/** Input items up to the model's last output were sent by an earlier request of this conversation. */
function previouslySentItems(input: InputItem[]): number {
  const fromModel = (item: InputItem) => item.type === 'function_call' || item.type === 'reasoning' || (item.type === 'message' && item.role === 'assistant');
  return input.findLastIndex(fromModel) + 1;
}

export async function writeResponsesStream(sse: SseWriter, request: OpenAIRequest, reply: OpenAIReply, ids: Ids): Promise<void> {
  if (reply.kind === 'http_error') throw new Error('an HTTP error reply is not a stream');
  let sequence = 0;
  const send = (type: string, data: Record<string, unknown>) => sse.event(type, { type, sequence_number: sequence++, ...data });
  const response = { id: ids.next('resp_scripted_'), object: 'response', created_at: Math.floor(Date.now() / 1000), model: request.model, output: [] as unknown[] };
  send('response.created', { response: { ...response, status: 'in_progress' } });
  send('response.in_progress', { response: { ...response, status: 'in_progress' } });
  if (reply.kind === 'failed') {
    send('response.failed', { response: { ...response, status: 'failed', error: { code: reply.code, message: reply.message } } });
    return;
  }
  const items = renderItems(reply, ids);
  await pace(sse, streamSteps(items, send), reply.trickleMs ?? 0);
  const input = request.body.input ?? [];
  const reasoning = reply.output.flatMap((item) => (item.type === 'reasoning' ? [item.summary] : []));
  const visible = reply.output.filter((item) => item.type !== 'reasoning');
  const usage = { ...responsesUsage([request.body.instructions, request.body.tools], input, previouslySentItems(input), visible, reasoning), ...reply.usage };
  send('response.completed', { response: { ...response, status: 'completed', output: items.map((item) => item.done), usage } });
}
