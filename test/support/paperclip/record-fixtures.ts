// Records what the real Paperclip server answers, for the unit tests (test/fixtures/paperclip/).
// Run: node --import ./test/support/ts-source-hook.mjs test/support/paperclip/record-fixtures.ts
// It starts a private server, seeds one company with `process` agents (no model), drives them
// through every end a run can have, and writes the answers and the live events as they came.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { commandThenAnswer, startScriptedModel } from '../scripted-model/index';
import { createClaudeAgent } from './claude-agent';
import { AGENT_SCRIPTS, startPaperclip } from './paperclip-server';

const OUT = join(AGENT_SCRIPTS, '..');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = await startPaperclip();
const events: unknown[] = [];
let socket: WebSocket | undefined;
const write = (name: string, value: unknown): void => writeFileSync(join(OUT, name), `${JSON.stringify(value, null, 2)}\n`);
try {
  mkdirSync(OUT, { recursive: true });
  write('health.json', await server.api('GET', '/api/health'));
  const company = await server.createCompany('Fixture Works');
  socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/companies/${company.id}/events/ws`);
  socket.on('message', (data) => events.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => socket?.once('open', resolve).once('error', reject));

  const pids = mkdtempSync(join(tmpdir(), 'paperclip-record-'));
  const printer = await server.createAgent(company.id, { name: 'Printer', script: 'printer.sh' });
  const failer = await server.createAgent(company.id, { name: 'Failer', script: 'failer.sh' });
  const sleeper = await server.createAgent(company.id, { name: 'Sleeper', script: 'sleeper.sh', env: { PIDFILE: join(pids, 's.pid') } });
  const slow = await server.createAgent(company.id, { name: 'Slowpoke', script: 'sleeper.sh', timeoutSec: 1, graceSec: 1 });
  const idler = await server.createAgent(company.id, { name: 'Idler', script: 'printer.sh' });

  const printed = await server.wake(printer.id);
  write('run-queued.json', await server.api('GET', `/api/heartbeat-runs/${printed}`));
  write('run-succeeded.json', await server.waitForRun(printed, ['succeeded']));
  const failed = await server.wake(failer.id);
  write('run-failed.json', await server.waitForRun(failed, ['failed']));
  const timedOut = await server.wake(slow.id);
  write('run-timed-out.json', await server.waitForRun(timedOut, ['timed_out']));

  const sleeping = await server.wake(sleeper.id);
  await server.waitForRun(sleeping, ['running']);
  await pause(1500);
  write('live-runs.json', await server.api('GET', `/api/companies/${company.id}/live-runs?limit=50`));
  write('run-cancelled.json', await server.api('POST', `/api/heartbeat-runs/${sleeping}/cancel`, {}));

  await server.api('POST', `/api/agents/${idler.id}/pause`, {});
  await pause(500);
  write('agents.json', await server.api('GET', `/api/companies/${company.id}/agents`));

  // The log of the printer run, whole and in real pages: offsets every 7 bytes, four page sizes.
  const whole = await server.api<{ content: string }>('GET', `/api/heartbeat-runs/${printed}/log`);
  write('log-whole.json', whole);
  const bytes = Buffer.byteLength(whole.content, 'utf8');
  const pages: unknown[] = [];
  const asks: [offset: number, limit: number][] = [];
  for (const limit of [1, 5, 50, 100]) for (let offset = 0; offset <= bytes + 7; offset += 7) asks.push([offset, limit]);
  // Pages that end exactly at the end of the log, one byte before it, and one past it.
  asks.push([0, bytes], [0, bytes - 1], [1, bytes - 1], [0, bytes + 1]);
  for (const [offset, limit] of asks) {
    const page = await server.api<{ content: string; nextOffset?: number }>('GET', `/api/heartbeat-runs/${printed}/log?offset=${offset}&limitBytes=${limit}`);
    pages.push({ offset, limit, content: page.content, ...(page.nextOffset !== undefined && { nextOffset: page.nextOffset }) });
  }
  write('log-pages.json', { bytes, pages });

  // Claude Code (the real CLI, the model scripted) through both engines: its logs as Paperclip keeps them.
  const model = await startScriptedModel(commandThenAnswer('echo scripted-tool-call-ok'));
  try {
    for (const engine of ['acp', 'cli'] as const) {
      const claude = await createClaudeAgent(server, company.id, { name: `Claude ${engine}`, engine, modelUrl: model.url });
      const claudeRun = await server.wake(claude.id);
      await server.waitForRun(claudeRun, ['succeeded'], 120_000);
      write(`log-claude-${engine}.json`, await server.api('GET', `/api/heartbeat-runs/${claudeRun}/log`));
    }
  } finally {
    await model.close();
  }

  const interrupted = await server.wake(sleeper.id);
  await server.waitForRun(interrupted, ['running']);
  socket.close();
  await server.restart();
  write('run-interrupted.json', await server.api('GET', `/api/heartbeat-runs/${interrupted}`));
  write('live-events.json', events);
  console.log(`recorded into ${OUT}: ${events.length} live events, ${pages.length} log pages`);
} finally {
  socket?.close();
  await server.stop();
}
