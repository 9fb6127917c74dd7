// The Anthropic Messages side of the scripted model: what a script sees of a request, what it may
// answer, and how an answer is written back (an SSE stream, or one JSON message when the client
// did not ask to stream).
import { anthropicUsage, type AnthropicUsage } from './usage';
import type { Ids } from './ids';
import { pace, wordChunks, type SseWriter } from './sse';

interface ContentBlock {
  type: string;
  [key: string]: unknown;
}
interface Message {
  role: string;
  content: string | ContentBlock[];
}
interface ToolDefinition {
  name: string;
  input_schema?: unknown;
  [key: string]: unknown;
}
export interface AnthropicBody {
  model?: string;
  stream?: boolean;
  system?: unknown;
  tools?: ToolDefinition[];
  messages?: Message[];
  [key: string]: unknown;
}

export interface ToolResult {
  tool_use_id: string;
  is_error: boolean;
  /** The result's text, its text blocks joined. */
  text: string;
}

/** What a script decides from: the request, and the facts scripts usually branch on. */
export interface AnthropicRequest {
  readonly body: AnthropicBody;
  readonly stream: boolean;
  readonly model: string;
  readonly toolNames: readonly string[];
  /** All text of the first user message (the prompt; for a subagent, the subagent's prompt). */
  readonly firstUserText: string;
  /** The text of every user message that is not a tool result, oldest first: the prompts so far. */
  readonly prompts: readonly string[];
  /** The tool results carried by the last user message: the answers to the previous tool calls. */
  readonly toolResults: readonly ToolResult[];
}

export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

export type AnthropicReply =
  | {
      kind: 'message';
      content: AnthropicBlock[];
      /** Defaults to `tool_use` when the content calls a tool, `end_turn` otherwise. */
      stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
      usage?: Partial<AnthropicUsage>;
      /** Spread the stream's deltas over this many milliseconds (a slow model). */
      trickleMs?: number;
    }
  /** An HTTP error status with the API's error body, e.g. 529 `overloaded_error`. */
  | { kind: 'http_error'; status: number; errorType: string; message: string }
  /** A stream that starts, then carries an `error` event instead of finishing. */
  | { kind: 'stream_error'; errorType: string; message: string };

function textOf(content: string | ContentBlock[] | unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: ContentBlock) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

export function viewAnthropicRequest(body: AnthropicBody): AnthropicRequest {
  const messages = body.messages ?? [];
  const firstUser = messages.find((message) => message.role === 'user');
  const lastUser = messages.findLast((message) => message.role === 'user');
  const lastBlocks = Array.isArray(lastUser?.content) ? lastUser.content : [];
  return {
    body,
    stream: body.stream === true,
    model: body.model ?? 'claude-scripted',
    toolNames: (body.tools ?? []).map((tool) => tool.name),
    firstUserText: firstUser ? textOf(firstUser.content) : '',
    prompts: messages
      .filter((message) => message.role === 'user' && !(Array.isArray(message.content) && message.content.some((block) => block.type === 'tool_result')))
      .map((message) => textOf(message.content)),
    toolResults: lastBlocks
      .filter((block) => block.type === 'tool_result')
      .map((block) => ({ tool_use_id: String(block.tool_use_id), is_error: block.is_error === true, text: textOf(block.content) })),
  };
}

type MessageReply = Extract<AnthropicReply, { kind: 'message' }>;

function finalBlocks(reply: MessageReply, ids: Ids): ContentBlock[] {
  return reply.content.map((block) => (block.type === 'text' ? { ...block } : { type: 'tool_use', id: block.id ?? ids.next('toolu_scripted_'), name: block.name, input: block.input }));
}

function usageFor(request: AnthropicRequest, reply: MessageReply, blocks: ContentBlock[]): AnthropicUsage {
  const estimate = anthropicUsage([request.body.system, request.body.tools], request.body.messages ?? [], blocks);
  return { ...estimate, ...reply.usage };
}

function stopReasonOf(reply: MessageReply): string {
  return reply.stopReason ?? (reply.content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
}

function messageEnvelope(request: AnthropicRequest, id: string) {
  return { id, type: 'message', role: 'assistant', model: request.model, stop_sequence: null };
}

export function anthropicJson(request: AnthropicRequest, reply: MessageReply, ids: Ids): unknown {
  const content = finalBlocks(reply, ids);
  return { ...messageEnvelope(request, ids.next('msg_scripted_')), content, stop_reason: stopReasonOf(reply), usage: usageFor(request, reply, content) };
}

export function anthropicErrorBody(errorType: string, message: string): unknown {
  return { type: 'error', error: { type: errorType, message } };
}

export async function writeAnthropicStream(sse: SseWriter, request: AnthropicRequest, reply: AnthropicReply, ids: Ids): Promise<void> {
  const send = (type: string, data: Record<string, unknown>) => sse.event(type, { type, ...data });
  if (reply.kind === 'stream_error') {
    send('message_start', { message: { ...messageEnvelope(request, ids.next('msg_scripted_')), content: [], stop_reason: null, usage: { input_tokens: 0, output_tokens: 0 } } });
    send('error', { error: { type: reply.errorType, message: reply.message } });
    return;
  }
  if (reply.kind !== 'message') throw new Error(`an HTTP error reply is not a stream: ${reply.kind}`);
  const blocks = finalBlocks(reply, ids);
  const usage = usageFor(request, reply, blocks);
  send('message_start', { message: { ...messageEnvelope(request, ids.next('msg_scripted_')), content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
  const deltas: Array<() => void> = [];
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      deltas.push(() => send('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      for (const chunk of wordChunks(String(block.text))) deltas.push(() => send('content_block_delta', { index, delta: { type: 'text_delta', text: chunk } }));
    } else {
      deltas.push(() => send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
      deltas.push(() => send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }));
    }
    deltas.push(() => send('content_block_stop', { index }));
  });
  await pace(sse, deltas, reply.trickleMs ?? 0);
  send('message_delta', { delta: { stop_reason: stopReasonOf(reply), stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  send('message_stop', {});
}
