// A stand-in for the model behind the real `claude` and `codex` CLIs: an HTTP server on 127.0.0.1
// that answers Anthropic Messages (`POST /v1/messages`) and OpenAI Responses (`POST /v1/responses`)
// as a script decides from each request. Everything else the CLIs do is real.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from 'node:zlib';
import { anthropicErrorBody, anthropicJson, viewAnthropicRequest, writeAnthropicStream, type AnthropicBody, type AnthropicReply, type AnthropicRequest } from './anthropic';
import { sequentialIds, type Ids } from './ids';
import { LiveList } from './live-list';
import { responsesErrorBody, viewOpenAIRequest, writeResponsesStream, type OpenAIReply, type OpenAIRequest, type ResponsesBody } from './openai';
import { sseWriter } from './sse';
import { estimateTokens } from './usage';

/** Decides each reply from the request alone, so that side requests and retries cannot derail it. */
export interface Script {
  readonly name: string;
  anthropic?(request: AnthropicRequest): AnthropicReply;
  openai?(request: OpenAIRequest): OpenAIReply;
}

export interface RecordedRequest {
  readonly api: 'anthropic' | 'openai' | 'other';
  readonly method: string;
  /** Path with query, e.g. `/v1/messages?beta=true`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly receivedAt: number;
  /** What was answered: a reply kind (`message`, `failed`, …), or why nothing could be. */
  reply: string;
  /** The client hung up before the reply was complete (an interrupted stream). */
  clientClosedEarly: boolean;
}

export interface ScriptedModel {
  /** `http://127.0.0.1:<port>`: ANTHROPIC_BASE_URL as is; Codex's base_url is this plus `/v1`. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Resolves with the first request (already seen or still to come) that the predicate accepts. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const decoders: Record<string, (data: Buffer) => Buffer> = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync, zstd: zstdDecompressSync };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = req.headers['content-encoding'];
  const decode = encoding === undefined ? undefined : decoders[encoding];
  if (encoding !== undefined && decode === undefined) throw new Error(`unsupported content-encoding ${encoding}`);
  return (decode ? decode(raw) : raw).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function answerAnthropic(script: Script, body: AnthropicBody, res: ServerResponse, ids: Ids): Promise<string> {
  if (!script.anthropic) throw new Error(`script "${script.name}" has no Anthropic Messages replies`);
  const request = viewAnthropicRequest(body);
  const reply = script.anthropic(request);
  if (reply.kind === 'http_error') {
    sendJson(res, reply.status, anthropicErrorBody(reply.errorType, reply.message));
  } else if (!request.stream) {
    // A side request (titles, summaries, token checks) wants one JSON message, not a stream.
    if (reply.kind === 'stream_error') sendJson(res, 500, anthropicErrorBody(reply.errorType, reply.message));
    else sendJson(res, 200, anthropicJson(request, reply, ids));
  } else {
    const sse = sseWriter(res);
    await writeAnthropicStream(sse, request, reply, ids);
    res.end();
  }
  return reply.kind;
}

async function answerOpenAI(script: Script, body: ResponsesBody, res: ServerResponse, ids: Ids): Promise<string> {
  if (!script.openai) throw new Error(`script "${script.name}" has no OpenAI Responses replies`);
  const request = viewOpenAIRequest(body);
  const reply = script.openai(request);
  if (reply.kind === 'http_error') {
    sendJson(res, reply.status, responsesErrorBody(reply.errorType, reply.message));
  } else {
    const sse = sseWriter(res);
    await writeResponsesStream(sse, request, reply, ids);
    res.end();
  }
  return reply.kind;
}

function apiOf(method: string, pathname: string): RecordedRequest['api'] {
  if (method === 'POST' && pathname === '/v1/messages') return 'anthropic';
  if (method === 'POST' && pathname === '/v1/responses') return 'openai';
  return 'other';
}

export async function startScriptedModel(script: Script): Promise<ScriptedModel> {
  const requests = new LiveList<RecordedRequest>();
  const ids = sequentialIds();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const pathname = new URL(path, 'http://127.0.0.1').pathname;
    const text = await readBody(req);
    let body: unknown = text;
    try {
      if (text !== '') body = JSON.parse(text);
    } catch {
      // Kept as text: the record shows what was sent, and the reply below says it was not JSON.
    }
    const record: RecordedRequest = { api: apiOf(method, pathname), method, path, headers: req.headers, body, receivedAt: Date.now(), reply: 'pending', clientClosedEarly: false };
    res.on('close', () => {
      if (!res.writableFinished) record.clientClosedEarly = true;
    });
    requests.push(record);
    try {
      if (typeof body !== 'object' || body === null) {
        record.reply = 'bad request: the body is not a JSON object';
        sendJson(res, 400, anthropicErrorBody('invalid_request_error', `scripted model: ${method} ${path} needs a JSON object body`));
      } else if (method === 'POST' && pathname === '/v1/messages/count_tokens') {
        record.reply = 'count_tokens';
        sendJson(res, 200, { input_tokens: estimateTokens(body) });
      } else if (record.api === 'anthropic') {
        record.reply = await answerAnthropic(script, body as AnthropicBody, res, ids);
      } else if (record.api === 'openai') {
        record.reply = await answerOpenAI(script, body as ResponsesBody, res, ids);
      } else {
        record.reply = 'no route';
        sendJson(res, 404, anthropicErrorBody('not_found_error', `scripted model: no route for ${method} ${pathname}`));
      }
    } catch (error) {
      // A script bug or an unexpected request: say so to the CLI (it shows API errors) and in the record.
      const message = `scripted model "${script.name}": ${error instanceof Error ? error.message : String(error)}`;
      record.reply = `error: ${message}`;
      if (!res.headersSent) sendJson(res, 500, anthropicErrorBody('api_error', message));
      else res.end();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 400, anthropicErrorBody('invalid_request_error', `scripted model: ${String(error)}`));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: requests.items,
    waitForRequest(predicate, timeoutMs = 10_000) {
      const seen = () => requests.items.map((request) => `${request.method} ${request.path}`).join(', ') || 'none';
      return requests.waitFor(predicate, timeoutMs, (why) => `scripted model "${script.name}": no matching request: ${why} (saw ${requests.items.length}: ${seen()})`);
    },
    close() {
      requests.end('the server closed');
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
