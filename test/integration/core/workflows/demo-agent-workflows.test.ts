import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkflowAgentCall, WorkflowAgentPort, WorkflowAgentResult } from '../../../../src-main/core/workflows/workflow-agent-port';
import { createHarness } from '../../../unit/core/workflows/engine-harness';
import type { Harness } from '../../../unit/core/workflows/engine-harness';

const DEMO_AGENT = join(__dirname, '../../../../resources/agents/demo-agent.mjs');

/**
 * The built-in workflows, offline, against the real demo agent: each agent() is a real process
 * printing Claude Code's stream-json, driven by this tiny port in place of the runs layer.
 */
class DemoAgentPort implements WorkflowAgentPort {
  readonly pids: number[] = [];
  private readonly home: string;
  private nextRun = 1;

  constructor(home: string) {
    this.home = home;
  }

  runAgent(call: WorkflowAgentCall, signal: AbortSignal, onLaunched?: (runId: string) => void): Promise<WorkflowAgentResult> {
    const runId = `demo-${this.nextRun++}`;
    const argv = [DEMO_AGENT, '-p', call.prompt, '--output-format', 'stream-json', '--verbose'];
    if (call.schema !== undefined) argv.push('--json-schema', JSON.stringify(call.schema));
    if (call.model !== undefined) argv.push('--model', call.model);
    const child = spawn(process.execPath, argv, {
      cwd: call.cwd,
      env: { ...process.env, ORRERY_DEMO_AGENT_SPEED: '60', ORRERY_DEMO_AGENT_HOME: this.home },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (child.pid !== undefined) this.pids.push(child.pid);
    onLaunched?.(runId);
    const cancel = (): void => void child.kill('SIGINT');
    signal.addEventListener('abort', cancel, { once: true });
    let result: Record<string, unknown> | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.type === 'result') result = parsed;
    });
    return new Promise((resolve) => {
      child.on('close', () => {
        signal.removeEventListener('abort', cancel);
        const tokensOut = Number((result?.usage as { output_tokens?: number } | undefined)?.output_tokens ?? 0);
        if (signal.aborted) return resolve({ outcome: 'cancelled', tokensOut, runId });
        if (result === undefined || result.is_error === true) return resolve({ outcome: 'error', tokensOut, runId, error: String(result?.subtype ?? 'no result line') });
        resolve({
          outcome: 'success',
          text: String(result.result ?? ''),
          ...(result.structured_output !== undefined && { structuredOutput: result.structured_output }),
          tokensOut,
          runId,
        });
      });
    });
  }

  maxConcurrentRuns(): number {
    return 8;
  }
}

let h: Harness;
let demoHome: string | undefined;
afterEach(async () => {
  await h?.close();
  if (demoHome !== undefined) rmSync(demoHome, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function demoHarness(): { harness: Harness; port: DemoAgentPort } {
  demoHome = mkdtempSync(join(tmpdir(), 'orrery-demo-agent-'));
  const port = new DemoAgentPort(demoHome);
  return { harness: createHarness({ agentPort: port, engine: { cpuCount: 6 } }), port };
}

describe('built-in workflows with the demo agent', () => {
  it('deep-research runs offline to a cited report, and a resume replays all of it without a process', async () => {
    const { harness, port } = demoHarness();
    h = harness;
    const detail = await h.run('deep-research', { args: { question: 'How do parsers recover from syntax errors?', angles: 2, maxClaims: 2 } });
    expect(detail.error).toBeUndefined();
    expect(detail.outcome).toBe('success');
    const result = detail.result as { report: string; claims: unknown[]; refuted: unknown[]; sources: { url: string }[] };
    expect(result.report.length).toBeGreaterThan(0);
    expect(result.claims.length + result.refuted.length).toBe(2);
    expect(result.sources.length).toBeGreaterThan(0);
    expect(detail.phases.map((phase) => phase.title)).toEqual(['Scope', 'Search', 'Fetch', 'Verify', 'Synthesize']);
    expect(detail.phases.find((phase) => phase.title === 'Verify')?.calls).toBe(6);
    expect(detail.agents.every((agent) => agent.state === 'done')).toBe(true);

    const spawned = port.pids.length;
    await h.engine.resume(detail.id);
    const resumed = await h.engine.settled(detail.id);
    expect(port.pids.length).toBe(spawned);
    expect(resumed).toMatchObject({ outcome: 'success', result: detail.result, cachedCount: detail.totalCalls, totalCalls: detail.totalCalls });
  }, 120_000);

  it('review-changes runs offline and reports verified findings', async () => {
    const { harness } = demoHarness();
    h = harness;
    const detail = await h.run('review-changes', { args: { dimensions: ['bugs', 'tests'] } });
    expect(detail.outcome).toBe('success');
    const result = detail.result as { summary: string; findings: unknown[]; dismissed: unknown[]; reviewedDimensions: string[] };
    expect(result.reviewedDimensions).toEqual(['bugs', 'tests']);
    expect(result.summary.length).toBeGreaterThan(0);
    expect(detail.phases.map((phase) => phase.title)).toEqual(['Review', 'Verify']);
    expect(detail.phases[1]?.calls).toBe(result.findings.length + result.dismissed.length);
  }, 120_000);

  it('cancelling a workflow ends its agent processes: nothing is left running', async () => {
    const { harness, port } = demoHarness();
    h = harness;
    const started = await h.engine.start({ nameOrPath: 'review-changes' });
    while (port.pids.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const cancelled = await h.engine.cancel(started.id);
    expect(cancelled).toMatchObject({ state: 'done', outcome: 'cancelled' });
    expect(port.pids.filter(isAlive)).toEqual([]);
  }, 60_000);
});
