// Paperclip event → Orrery live state. The REAL Paperclip server (test/support/paperclip/install.sh)
// runs `process` agents (a shell script that works 5 s; no model). For each run, Paperclip's own
// live events say when it started running and when it ended (`createdAt`, same clock); the figure
// is how long after that Orrery's live state shows it. Two Orrery sides watch the same runs at the
// same time: one over the live-events socket (what Orrery does), one polling every 4 s through a
// proxy that refuses WebSockets (the baseline).
import WebSocket from 'ws';
import { agentNodeId, instanceHash, normalizeInstanceUrl } from '../../../src-main/core/paperclip/instance-url';
import { printFigure, quantile } from '../support/bench-host.mjs';
import { startProxy } from '../../support/paperclip/http-proxy';
import { startPaperclip } from '../../support/paperclip/paperclip-server';
import { startOrrerySide } from '../../support/paperclip/orrery-side';
import type { OrrerySide } from '../../support/paperclip/orrery-side';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORK_SECONDS = 5;
const BASELINE_POLL_MS = 4_000;

/** When each run was seen running and ended, by one Orrery side's live state. */
function observe(side: OrrerySide, hash: string, agentIds: readonly string[]): { running: Map<string, number>; ended: Map<string, number> } {
  const running = new Map<string, number>();
  const ended = new Map<string, number>();
  const current = new Map<string, string>();
  const nodes = new Set(agentIds.map((id) => agentNodeId(hash, id)));
  side.ingest.onIngested((events) => {
    const at = Date.now();
    for (const node of new Set(events.map((event) => event.agent_id))) {
      if (!nodes.has(node)) continue;
      const agent = side.agent(node);
      if (agent === undefined) continue;
      const previous = current.get(node);
      if ('outcome' in agent) {
        if (previous !== undefined && !ended.has(previous)) ended.set(previous, at);
        continue;
      }
      const runId = agent.details.paperclipRunId;
      if (typeof runId !== 'string') continue;
      // A run replaced by the next one in one batch has ended too.
      if (previous !== undefined && previous !== runId && !ended.has(previous)) ended.set(previous, at);
      current.set(node, runId);
      if (agent.status === 'running' && !running.has(runId)) running.set(runId, at);
    }
  });
  return { running, ended };
}

const paperclip = await startPaperclip();
const proxy = await startProxy({ target: paperclip.url });
const live = startOrrerySide();
const polled = startOrrerySide({ timing: { pollMs: BASELINE_POLL_MS } });
let socket: WebSocket | undefined;
try {
  const company = await paperclip.createCompany('Bench Works');
  const agents = [];
  for (let i = 0; i < AGENTS; i++) {
    agents.push(await paperclip.createAgent(company.id, { name: `worker-${i}`, script: 'worker.sh', env: { WORK_SECONDS: String(WORK_SECONDS) } }));
  }
  const agentIds = agents.map((agent) => agent.id);
  const liveSeen = observe(live, instanceHash(normalizeInstanceUrl(paperclip.url)), agentIds);
  const polledSeen = observe(polled, instanceHash(normalizeInstanceUrl(proxy.url)), agentIds);
  await live.call('paperclip.add', { url: paperclip.url });
  await polled.call('paperclip.add', { url: proxy.url });
  for (const [side, url, transport] of [[live, paperclip.url, 'websocket'], [polled, proxy.url, 'polling']] as const) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [instance] = (await side.call<{ state: string; transport?: string }[]>('paperclip.instances', {}));
      if (instance?.state === 'connected' && instance.transport === transport) break;
      if (Date.now() > deadline) throw new Error(`${url} is not connected over ${transport}: ${JSON.stringify(instance)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  // Paperclip's own account of when each run started running and ended.
  const started = new Map<string, number>();
  const finished = new Map<string, number>();
  socket = new WebSocket(`${paperclip.url.replace('http', 'ws')}/api/companies/${company.id}/events/ws`);
  socket.on('message', (data) => {
    const event = JSON.parse(data.toString()) as { type: string; createdAt: string; payload: { runId?: string; status?: string } };
    const { runId, status } = event.payload;
    if (event.type !== 'heartbeat.run.status' || runId === undefined) return;
    const at = Date.parse(event.createdAt);
    if (status === 'running' && !started.has(runId)) started.set(runId, at);
    else if (status !== 'running' && status !== 'queued' && !finished.has(runId)) finished.set(runId, at);
  });
  await new Promise((resolve, reject) => socket?.once('open', resolve).once('error', reject));

  const runIds: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const agent of agents) {
      runIds.push(await paperclip.wake(agent.id));
      // Staggered, so transitions do not all land in one poll or one batch.
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.round(Math.random() * 350)));
    }
    await Promise.all(runIds.slice(-agents.length).map((id) => paperclip.waitForRun(id, ['succeeded', 'failed', 'cancelled', 'timed_out', 'interrupted'], 60_000)));
  }
  // The baseline sees the last ends up to one poll later.
  await new Promise((resolve) => setTimeout(resolve, BASELINE_POLL_MS + 1_000));

  const latencies = (seen: { running: Map<string, number>; ended: Map<string, number> }) => {
    const samples: number[] = [];
    let missed = 0;
    for (const runId of runIds) {
      for (const [paperclipAt, orreryAt] of [
        [started.get(runId), seen.running.get(runId) ?? seen.ended.get(runId)],
        [finished.get(runId), seen.ended.get(runId)],
      ] as const) {
        if (paperclipAt === undefined) continue;
        if (orreryAt === undefined) missed++;
        else samples.push(Math.max(0, orreryAt - paperclipAt));
      }
    }
    return { samples, missed };
  };
  const socketFigures = latencies(liveSeen);
  const pollFigures = latencies(polledSeen);
  process.stderr.write(
    `paperclip latency: ${runIds.length} runs; socket ${socketFigures.samples.length} transitions (${socketFigures.missed} never shown), ` +
      `4 s polling ${pollFigures.samples.length} (${pollFigures.missed} never shown)\n`,
  );
  if (socketFigures.missed > 0) throw new Error(`the live socket side missed ${socketFigures.missed} transitions`);
  printFigure('paperclip.event_latency_p50', quantile(socketFigures.samples, 0.5), 'ms', quantile(pollFigures.samples, 0.5));
  printFigure('paperclip.event_latency_p99', quantile(socketFigures.samples, 0.99), 'ms', quantile(pollFigures.samples, 0.99));
} finally {
  socket?.close();
  await live.close();
  await polled.close();
  await proxy.close();
  await paperclip.stop();
}
