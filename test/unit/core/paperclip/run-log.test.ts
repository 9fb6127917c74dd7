// A run's log as a transcript tab and graph events, from logs RECORDED from the real Paperclip
// server (test/fixtures/paperclip/): Claude Code (the real CLI; only its model was scripted) run
// by Paperclip's `claude_local` adapter through both engines, ACP (acpx lines) and the CLI's own
// stream-json, and a `process` agent's plain output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../../src-shared/events/event-schema';
import type { OrreryEventInput } from '../../../../src-shared/events/event-schema';
import { createAdapter } from '../../../../src-main/core/runs/adapters/create-adapter';
import { RunLog } from '../../../../src-main/core/paperclip/run-log';
import type { TranscriptSink } from '../../../../src-main/core/paperclip/run-log';
import type { LogPageWire } from '../../../../src-main/core/paperclip/paperclip-wire';

const FIXTURES = join(__dirname, '../../../fixtures/paperclip');
const logOf = (name: string) => Buffer.from((JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { content: string }).content, 'utf8');
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

interface Harness {
  log: RunLog;
  text(): string;
  ended(): boolean;
  commits: { events: OrreryEventInput[]; seq: number }[];
}

function harness(bytes: Buffer, adapterType: string, eventsThrough = 0, pageBytes = 300): Harness {
  let text = '';
  let ended = false;
  const commits: Harness['commits'] = [];
  const sink: TranscriptSink = { info: { id: 'terminal-1' }, write: (chunk) => void (text += chunk), end: () => void (ended = true) };
  const log = new RunLog({
    runId: 'run-1',
    nodeId: 'pc-x-agent-a',
    adapterType,
    name: 'Agent · run-1',
    terminals: { createTranscript: () => sink },
    createAdapter,
    // Paperclip's paging (see log-pager.test.ts), in small pages so lines and characters are cut.
    fetchPage: async (offset, limit): Promise<LogPageWire> => {
      const content = bytes.subarray(offset, offset + limit).toString('utf8');
      return offset + limit < bytes.length ? { content, nextOffset: offset + limit } : { content };
    },
    pageBytes,
    eventsThrough,
    commitEvents: (events, seq) => commits.push({ events, seq }),
    now: () => 1_800_000_000_000,
    onError: (error) => {
      throw error;
    },
  });
  return { log, text: () => plain(text), ended: () => ended, commits };
}

const allEvents = (h: Harness) => h.commits.flatMap((commit) => commit.events);

describe('RunLog', () => {
  it('reads an ACP (acpx) Claude run: its text, its tool call as a tool call of the agent, its cost', async () => {
    const h = harness(logOf('log-claude-acp.json'), 'claude_local');
    await h.log.poke();
    await h.log.finish('success', 'succeeded', undefined, { exitCode: 0, signal: null });
    const text = h.text();
    expect(text).toContain('Running `echo scripted-tool-call-ok`.');
    expect(text).toContain('▸ Terminal  echo scripted-tool-call-ok');
    expect(text).toContain('✓ scripted-tool-call-ok');
    expect(text).toContain('The command printed: scripted-tool-call-ok');
    expect(text).toMatch(/stderr │ \[paperclip\] Adapter execution timeout/);
    expect(text).not.toContain('acpx.');
    expect(h.ended()).toBe(true);
    const events = allEvents(h);
    expect(events.map((event) => event.type)).toEqual(['tool_use', 'tool_result', 'usage']);
    expect(events[0]).toMatchObject({ agent_id: 'pc-x-agent-a', tool: 'Terminal', tool_use_id: 'toolu_scripted_0001', terminal_id: 'terminal-1', source: 'paperclip' });
    expect(events[1]).toMatchObject({ tool_use_id: 'toolu_scripted_0001', ok: true });
    expect((events[2] as { cost_usd?: number }).cost_usd).toBeGreaterThan(0);
    for (const event of events) {
      expect(validateEvent(event).ok).toBe(true);
      expect(event).not.toHaveProperty('run_id');
    }
  });

  it('reads a CLI-engine Claude run with the runs layer’s stream-json adapter', async () => {
    const h = harness(logOf('log-claude-cli.json'), 'claude_local');
    await h.log.poke();
    await h.log.finish('success', 'succeeded', undefined, { exitCode: 0, signal: null });
    expect(h.text()).toContain('▸ Bash  echo scripted-tool-call-ok');
    expect(h.text()).toContain('The command printed: scripted-tool-call-ok');
    const events = allEvents(h);
    expect(events.filter((event) => event.type === 'tool_use')).toEqual([expect.objectContaining({ tool: 'Bash', agent_id: 'pc-x-agent-a' })]);
    expect(events.filter((event) => event.type === 'tool_result')).toEqual([expect.objectContaining({ ok: true })]);
    // The main agent's own life is the watcher's, not the adapter's.
    expect(events.some((event) => event.agent_id === 'pc-x-agent-a' && (event.type === 'status' || event.type === 'agent_spawn' || event.type === 'agent_done'))).toBe(false);
  });

  it('after a restart rebuilds the whole transcript but commits only events past its cursor', async () => {
    const first = harness(logOf('log-claude-acp.json'), 'claude_local');
    await first.log.poke();
    const toolUseSeq = first.commits[0]?.seq as number;
    const again = harness(logOf('log-claude-acp.json'), 'claude_local', toolUseSeq);
    await again.log.poke();
    expect(again.text()).toContain('▸ Terminal  echo scripted-tool-call-ok');
    expect(allEvents(again).map((event) => event.type)).toEqual(['tool_result', 'usage']);
  });

  it('shows a process agent’s output as text, stderr marked, multi-byte characters whole, and Paperclip’s verdict last', async () => {
    const h = harness(logOf('log-whole.json'), 'process', 0, 7);
    await h.log.poke();
    await h.log.finish('error', 'failed', 'Process exited with code 3', { exitCode: 3, signal: null });
    const text = h.text();
    expect(text).toContain('line 3 of 3\r\n');
    expect(text).toContain('unicode: héllo ✓');
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/stderr │ a warning on stderr/);
    expect(text.trimEnd().split('\r\n').at(-1)).toBe('✗ failed: Process exited with code 3');
    expect(h.commits).toEqual([]);
  });
});
