import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, FakePort } from './engine-harness';
import type { Harness } from './engine-harness';
import type { WorkflowAgentCall } from '../../../../src-main/core/workflows/workflow-agent-port';

/**
 * The built-in workflows, run by the engine against scripted agents: each answer is exactly what
 * the script asks for, so the test can check how the workflow combines them.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

type Scripted = (call: WorkflowAgentCall) => unknown;

function scriptedPort(answer: Scripted): FakePort {
  return new FakePort((call) => {
    const value = answer(call);
    return { outcome: 'success', text: typeof value === 'string' ? value : JSON.stringify(value), tokensOut: 7, runId: '' };
  });
}

describe('deep-research', () => {
  it('scopes, searches in parallel, dedupes sources, kills claims two of three refuters reject, and cites the survivors', async () => {
    const port = scriptedPort((call) => {
      const label = call.label ?? '';
      if (label === 'scope') return { angles: ['history', 'costs'] };
      if (label === 'search 1') return { sources: [{ url: 'https://a.example/x', title: 'A' }, { url: 'https://b.example/', title: 'B' }] };
      if (label === 'search 2') return { sources: [{ url: 'https://A.example/x#part', title: 'A again' }] };
      if (label === 'fetch 1') return { claims: [{ claim: 'sound claim', quote: 'q1' }, { claim: 'weak claim', quote: 'q2' }] };
      if (label === 'fetch 2') return { claims: [{ claim: 'Sound claim', quote: 'duplicate' }, { claim: 'split claim', quote: 'q3' }] };
      if (label.startsWith('refute ')) {
        const [claim, refuter] = label.slice('refute '.length).split('.').map(Number);
        // Claim 2 is refuted by two of three, claim 3 by one of three.
        const refuted = (claim === 2 && refuter !== 3) || (claim === 3 && refuter === 1);
        return { refuted, reason: refuted ? 'contrary evidence' : 'checks out' };
      }
      if (label === 'synthesize') return `Report citing ${call.prompt.includes('[1] sound claim') && call.prompt.includes('[2] split claim') ? 'both survivors' : 'something else'}`;
      throw new Error(`unexpected call ${label}`);
    });
    h = createHarness({ port, engine: { cpuCount: 8 } });
    const detail = await h.run('deep-research', { args: { question: 'Is it worth it?', angles: 2 } });
    expect(detail.outcome).toBe('success');
    const result = detail.result as { report: string; claims: { claim: string }[]; refuted: { claim: string }[]; sources: { url: string }[] };
    expect(result.sources.map((source) => source.url)).toEqual(['https://a.example/x', 'https://b.example/']);
    expect(result.claims.map((claim) => claim.claim)).toEqual(['sound claim', 'split claim']);
    expect(result.refuted.map((claim) => claim.claim)).toEqual(['weak claim']);
    expect(result.report).toBe('Report citing both survivors');
    expect(detail.phases.map((phase) => [phase.title, phase.calls])).toEqual([['Scope', 1], ['Search', 2], ['Fetch', 2], ['Verify', 9], ['Synthesize', 1]]);
    expect(detail.log.map((line) => line.message)).toEqual(['2 search angles: history | costs', '2 distinct sources out of 3 found', '3 claims to verify', '2 claims survived, 1 refuted']);
  });

  it('refuses to start without a question, saying how to give one', async () => {
    h = createHarness();
    const detail = await h.run('deep-research');
    expect(detail.error?.message).toMatch(/^deep-research needs a question: start it with args/);
  });
});

describe('review-changes', () => {
  it('verifies each dimension’s findings as soon as its review is in, and reports only those that hold up', async () => {
    const order: string[] = [];
    const port = new FakePort(async (call) => {
      const label = call.label ?? '';
      // The bugs review is slow: performance findings must be verified before it is in.
      await new Promise((resolve) => setTimeout(resolve, label === 'review: bugs' ? 200 : 5));
      order.push(label);
      let value: unknown;
      if (label === 'review: bugs') value = { findings: [{ title: 'off by one', file: 'src/a.ts', line: 3, severity: 'medium', explanation: 'loop ends early' }] };
      else if (label === 'review: performance') value = { findings: [{ title: 'quadratic', file: 'src/b.ts', severity: 'high', explanation: 'nested scan' }, { title: 'slow log', file: 'src/c.ts', severity: 'low', explanation: 'sync write' }] };
      else if (label.startsWith('verify: ')) value = { holds: label !== 'verify: performance 2', reason: label === 'verify: performance 2' ? 'only at startup' : 'confirmed' };
      return { outcome: 'success', text: JSON.stringify(value), tokensOut: 3, runId: '' };
    });
    h = createHarness({ port, engine: { cpuCount: 8 } });
    const detail = await h.run('review-changes', { args: { dimensions: ['bugs', 'performance'], range: 'main...HEAD' } });
    expect(detail.outcome).toBe('success');
    expect(order.indexOf('verify: performance 1')).toBeLessThan(order.indexOf('review: bugs'));
    const result = detail.result as { summary: string; findings: { title: string; verification: string }[]; dismissed: { title: string; why: string }[] };
    expect(result.findings.map((finding) => [finding.title, finding.verification])).toEqual([['quadratic', 'confirmed'], ['off by one', 'confirmed']]);
    expect(result.dismissed).toMatchObject([{ title: 'slow log', why: 'only at startup' }]);
    expect(result.summary).toMatch(/^2 verified findings:\n- \[high\] quadratic — src\/b\.ts \(performance\)/);
    expect(port.calls[0]?.prompt).toContain('`git diff main...HEAD`');
    expect(detail.phases.map((phase) => [phase.title, phase.calls])).toEqual([['Review', 2], ['Verify', 3]]);
  });
});
