import { describe, expect, it } from 'vitest';
import { LABEL_HEIGHT, LabelDeclutter, labelRank, overlaps } from '../../../../src-renderer/src/graph/label-declutter';
import type { LabelBox, LabelRequest, PlacedLabel } from '../../../../src-renderer/src/graph/label-declutter';
import { seededRandom } from '../../../../resources/demo/seeded-random.mjs';

/** 6 px a character: close to an 11 px sans-serif, and exact, so the tests can reason about widths. */
const measure = (text: string): number => text.length * 6;
const running = { status: 'running', outcome: undefined } as const;

function request(id: string, x: number, y: number, fields: Partial<LabelRequest> = {}): LabelRequest {
  return { id, text: id, x, y, r: 5, rank: labelRank(running, 'normal'), recency: 0, ...fields };
}

function expectNoOverlaps(placed: readonly PlacedLabel[], obstacles: readonly LabelBox[], width: number, height: number): void {
  for (let i = 0; i < placed.length; i++) {
    const a = placed[i] as PlacedLabel;
    expect(a.left).toBeGreaterThanOrEqual(0);
    expect(a.top).toBeGreaterThanOrEqual(0);
    expect(a.left + a.width).toBeLessThanOrEqual(width);
    expect(a.top + a.height).toBeLessThanOrEqual(height);
    for (let j = i + 1; j < placed.length; j++) expect(overlaps(a, placed[j] as PlacedLabel), `${a.id} overlaps ${placed[j]?.id}`).toBe(false);
    for (const obstacle of obstacles) expect(overlaps(a, obstacle)).toBe(false);
  }
}

describe('LabelDeclutter', () => {
  it('places every label of a sparse view, below its node', () => {
    const requests = [request('alpha', 100, 100), request('beta', 300, 100), request('gamma', 100, 300)];
    const placed = new LabelDeclutter(measure).layout(requests, [], 800, 600);
    expect(placed.map((label) => label.id).sort()).toEqual(['alpha', 'beta', 'gamma']);
    const alpha = placed.find((label) => label.id === 'alpha');
    expect(alpha).toMatchObject({ top: 100 + 5 + 2, height: LABEL_HEIGHT, width: 5 * 6 + 4 });
    expect(alpha?.textX).toBe(100);
  });

  it('never lets two labels, or a label and a node, overlap in a crowded view', () => {
    const random = seededRandom(7);
    const width = 900;
    const height = 500;
    const requests: LabelRequest[] = [];
    const obstacles: LabelBox[] = [];
    for (let i = 0; i < 2_000; i++) {
      const x = 450 + (random() - 0.5) * 600;
      const y = 250 + (random() - 0.5) * 400;
      const r = 3 + random() * 6;
      requests.push(request(`agent-${i}`, x, y, { r, recency: i }));
      obstacles.push({ left: x - r, top: y - r, width: 2 * r, height: 2 * r });
    }
    const placed = new LabelDeclutter(measure).layout(requests, obstacles, width, height);
    expect(placed.length).toBeGreaterThan(5);
    expect(placed.length).toBeLessThan(2_000);
    expectNoOverlaps(placed, obstacles, width, height);
  });

  it('moves a label above, right or left of its node before hiding it', () => {
    // The node's spot below is taken by a node just under it.
    const obstacles = [{ left: 180, top: 108, width: 40, height: 20 }];
    const [placed] = new LabelDeclutter(measure).layout([request('moved', 200, 100)], obstacles, 800, 600);
    expect(placed?.top).toBe(100 - 5 - 2 - LABEL_HEIGHT);
  });

  it('lets the selected label lie over nodes, on a plate, but never over another label', () => {
    // Nodes all around: no spot is free of them.
    const obstacles = [{ left: 150, top: 60, width: 100, height: 80 }];
    const declutter = new LabelDeclutter(measure);
    expect(declutter.layout([request('plain', 200, 100)], obstacles, 800, 600)).toEqual([]);
    const [selected] = declutter.layout([request('chosen', 200, 100, { overNodes: true })], obstacles, 800, 600);
    expect(selected).toMatchObject({ id: 'chosen', plate: true, top: 107 });
    const [first, second] = declutter.layout([request('chosen', 200, 100, { overNodes: true, rank: 0 }), request('other', 200, 100, { overNodes: true, rank: 1 })], obstacles, 800, 600);
    expect(first?.plate && second?.plate).toBe(true);
    expect(overlaps(first as PlacedLabel, second as PlacedLabel)).toBe(false);
  });

  it('keeps a label inside the view or hides it', () => {
    const placed = new LabelDeclutter(measure).layout([request('edge-hugger-with-a-long-name', 2, 590)], [], 800, 600);
    expect(placed).toHaveLength(1);
    expect(placed[0]?.left).toBeGreaterThanOrEqual(0);
    expect((placed[0]?.top ?? 0) + LABEL_HEIGHT).toBeLessThanOrEqual(600);
    expect(new LabelDeclutter(measure).layout([request('nowhere', 2, 6, { r: 3 })], [], 20, 20)).toEqual([]);
  });

  it('gives the spots to waiting, then errored, then running agents, then the most recent', () => {
    const at = (id: string, agent: Parameters<typeof labelRank>[0], recency: number): LabelRequest => request(id, 400, 300, { rank: labelRank(agent, 'normal'), recency, text: 'x'.repeat(20) });
    const requests = [
      at('idle-new', { status: 'idle', outcome: undefined }, 9),
      at('running-old', running, 1),
      at('running-new', running, 5),
      at('errored', { status: 'error', outcome: undefined }, 0),
      at('waiting', { status: 'waiting', outcome: undefined }, 0),
      at('failed', { status: 'running', outcome: 'error' }, 0),
    ];
    // Four spots around the point (below, above, right, left): the four most urgent take them.
    const placed = new LabelDeclutter(measure).layout(requests, [], 800, 600);
    expect(placed.map((label) => label.id)).toEqual(['waiting', 'errored', 'failed', 'running-new']);
    expectNoOverlaps(placed, [], 800, 600);
  });

  it('ranks the selected agent first and agents outside a selection after the rest', () => {
    const waiting = { status: 'waiting', outcome: undefined } as const;
    expect(labelRank(running, 'selected')).toBeLessThan(labelRank(waiting, 'normal'));
    expect(labelRank(running, 'subtree')).toBeLessThan(labelRank(waiting, 'dimmed'));
    expect(labelRank({ status: 'idle', outcome: 'success' }, 'normal')).toBeGreaterThan(labelRank({ status: 'idle', outcome: undefined }, 'normal'));
  });
});
