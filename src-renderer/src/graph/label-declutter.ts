import type { AgentOutcome, AgentStatus } from '../../../src-shared/events/event-schema';

/** A rectangle in CSS pixels of the view. */
export interface LabelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A label that wants to be drawn beside its node, at the node's place on screen. */
export interface LabelRequest {
  id: string;
  text: string;
  /** The node's centre and on-screen radius, CSS pixels. */
  x: number;
  y: number;
  r: number;
  /** Lower goes first (see `labelRank`). */
  rank: number;
  /** Newer goes first among equal ranks: the agent's latest event time. */
  recency: number;
  /** May cover other nodes (on a plate), though never another label: the selected agent's. */
  overNodes?: boolean;
}

export interface PlacedLabel extends LabelBox {
  id: string;
  text: string;
  /** Drawn on a plate because it covers nodes. */
  plate: boolean;
  /** Where the text is anchored inside the box: its horizontal centre and its vertical middle. */
  textX: number;
  textY: number;
}

/** The label that never gives way: the selected agent's, then the rest of its subtree's. */
export type LabelEmphasis = 'selected' | 'subtree' | 'normal' | 'dimmed';

const EMPHASIS_RANK: Record<LabelEmphasis, number> = { selected: 0, subtree: 10, normal: 10, dimmed: 20 };

/**
 * Who keeps a label when two collide: agents that want attention (waiting, errored), then those
 * at work, then the rest; finished ones last. Emphasis from a selection comes before all that.
 */
export function labelRank(agent: { status: AgentStatus; outcome: AgentOutcome | undefined }, emphasis: LabelEmphasis): number {
  return EMPHASIS_RANK[emphasis] + statusRank(agent);
}

function statusRank({ status, outcome }: { status: AgentStatus; outcome: AgentOutcome | undefined }): number {
  if (outcome !== undefined) return outcome === 'error' ? 1 : 4;
  if (status === 'waiting') return 0;
  if (status === 'error') return 1;
  if (status === 'running') return 2;
  return 3;
}

export function byLabelPriority(a: LabelRequest, b: LabelRequest): number {
  return a.rank - b.rank || b.recency - a.recency || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Text height of an 11 px label plus a pixel of air on each side. */
export const LABEL_HEIGHT = 14;
const LABEL_PAD_X = 2;
/** Gap between a node's edge and its label. */
const LABEL_GAP = 2;
const CELL_PX = 48;

/**
 * Greedy label placement, in priority order: each label takes the first free spot of below,
 * above, right of and left of its node, or is hidden. A spot is free when it lies inside the
 * view and overlaps no placed label and no node (a label allowed over nodes takes the first spot
 * free of labels). A uniform grid keeps every test local, so
 * thousands of labels cost a few milliseconds, not a quadratic sweep.
 */
export class LabelDeclutter {
  private readonly labelCells = new Map<number, LabelBox[]>();
  private readonly nodeCells = new Map<number, LabelBox[]>();
  private columns = 1;
  private rows = 1;

  constructor(private readonly measure: (text: string) => number) {}

  /**
   * The labels that fit, in placement order. `requests` is sorted in place. `obstacles` are the
   * nodes on screen, which labels must not cover either.
   */
  layout(requests: LabelRequest[], obstacles: readonly LabelBox[], width: number, height: number): PlacedLabel[] {
    this.reset(width, height);
    for (const box of obstacles) this.insert(this.nodeCells, box);
    requests.sort(byLabelPriority);
    const placed: PlacedLabel[] = [];
    for (const request of requests) {
      const label = this.place(request, width, height);
      if (label === undefined) continue;
      this.insert(this.labelCells, label);
      placed.push(label);
    }
    return placed;
  }

  private place(request: LabelRequest, width: number, height: number): PlacedLabel | undefined {
    const boxWidth = this.measure(request.text) + 2 * LABEL_PAD_X;
    const { x, y, r } = request;
    const reach = r + LABEL_GAP;
    const spots: [number, number][] = [
      [x - boxWidth / 2, y + reach],
      [x - boxWidth / 2, y - reach - LABEL_HEIGHT],
      [x + reach, y - LABEL_HEIGHT / 2],
      [x - reach - boxWidth, y - LABEL_HEIGHT / 2],
    ];
    for (const [left, top] of spots) {
      if (left < 0 || top < 0 || left + boxWidth > width || top + LABEL_HEIGHT > height) continue;
      const box = { left, top, width: boxWidth, height: LABEL_HEIGHT };
      if (this.collides(this.labelCells, box)) continue;
      const plate = request.overNodes === true && this.collides(this.nodeCells, box);
      if (!plate && this.collides(this.nodeCells, box)) continue;
      return { ...box, id: request.id, text: request.text, plate, textX: left + boxWidth / 2, textY: top + LABEL_HEIGHT / 2 };
    }
    return undefined;
  }

  private reset(width: number, height: number): void {
    this.columns = Math.max(1, Math.ceil(width / CELL_PX));
    this.rows = Math.max(1, Math.ceil(height / CELL_PX));
    for (const cells of [this.labelCells, this.nodeCells]) for (const cell of cells.values()) cell.length = 0;
  }

  private insert(cells: Map<number, LabelBox[]>, box: LabelBox): void {
    this.forCells(box, (key) => {
      let cell = cells.get(key);
      if (cell === undefined) {
        cell = [];
        cells.set(key, cell);
      }
      cell.push(box);
      return false;
    });
  }

  private collides(cells: Map<number, LabelBox[]>, box: LabelBox): boolean {
    return this.forCells(box, (key) => {
      const cell = cells.get(key);
      if (cell === undefined) return false;
      for (const other of cell) if (overlaps(box, other)) return true;
      return false;
    });
  }

  /** Visits the grid cells under `box` (clamped to the view) until `visit` returns true. */
  private forCells(box: LabelBox, visit: (key: number) => boolean): boolean {
    const fromColumn = clamp(Math.floor(box.left / CELL_PX), 0, this.columns - 1);
    const toColumn = clamp(Math.floor((box.left + box.width) / CELL_PX), 0, this.columns - 1);
    const fromRow = clamp(Math.floor(box.top / CELL_PX), 0, this.rows - 1);
    const toRow = clamp(Math.floor((box.top + box.height) / CELL_PX), 0, this.rows - 1);
    for (let row = fromRow; row <= toRow; row++) for (let column = fromColumn; column <= toColumn; column++) if (visit(row * this.columns + column)) return true;
    return false;
  }
}

/** Touching edges do not count: boxes already carry their own air. */
export function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
