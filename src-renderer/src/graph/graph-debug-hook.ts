import { whenTestHooksEnabled } from '../state/test-hooks';
import type { GraphEngine } from './graph-engine';
import { LABEL_FONT_PX } from './graph-painter';
import type { PlacedLabel } from './label-declutter';

/** A read-only window into the canvas for Playwright and benches, installed only when the host runs with ORRERY_TEST_HOOKS=1. */
export interface GraphDebugHook {
  nodeCount(): number;
  /** Milliseconds of work per drawn frame (layout tick + paint), oldest first. */
  frameTimes(): number[];
  /** Frames drawn since the page loaded (painted by the worker or on the main thread). */
  framesDrawn(): number;
  /** True when the layout is at rest and no frame is pending. */
  idle(): boolean;
  nodes(): GraphDebugNode[];
  /** The agent names drawn in the last frame, as boxes in viewport coordinates. */
  labels(): GraphDebugLabel[];
  /** True while the view follows the fleet: until the person pans or zooms, and again after Fit. */
  following(): boolean;
  /** The agent a double-click last asked the app to open, or null. */
  lastOpened(): string | null;
  /** True while the graph is drawn in its paint worker, false when on the main thread. */
  paintsInWorker(): boolean;
}

export interface GraphDebugNode {
  id: string;
  /** The agent it hangs from, or null for the orchestrator. */
  parent: string | null;
  finished: boolean;
  /** Viewport coordinates, ready for a mouse click. */
  clientX: number;
  clientY: number;
  /** Its drawn radius in CSS pixels. */
  radiusPx: number;
}

export interface GraphDebugLabel {
  /** The agent's id, or the orchestrator's label. */
  id: string;
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  fontPx: number;
  /** Shown because its agent is hovered, above the others, though the declutter had hidden it. */
  hovered: boolean;
}

declare global {
  interface Window {
    __orreryGraph?: GraphDebugHook;
  }
}

export function installGraphDebugHook(engine: GraphEngine): () => void {
  return whenTestHooksEnabled(() => {
    const hook: GraphDebugHook = {
      nodeCount: () => engine.layout.agentCount,
      frameTimes: () => engine.frameTimes.list(),
      framesDrawn: () => engine.frameTimes.recorded,
      idle: () => engine.idle,
      nodes: () => {
        const box = engine.surface.getBoundingClientRect();
        return engine.layout.nodes.flatMap((node) => {
          if (node.agent === undefined) return [];
          const at = engine.toSurface(node);
          const parent = node.parent?.agent === undefined ? null : node.parent.id;
          return [{ id: node.id, parent, finished: node.agent.finished, clientX: box.left + at.x, clientY: box.top + at.y, radiusPx: engine.screenRadius(node) }];
        });
      },
      labels: () => {
        const box = engine.surface.getBoundingClientRect();
        const { still, hovered } = engine.drawnLabels();
        const toClient = (label: PlacedLabel, onHover: boolean): GraphDebugLabel => ({
          id: label.id,
          text: label.text,
          left: box.left + label.left,
          top: box.top + label.top,
          width: label.width,
          height: label.height,
          fontPx: LABEL_FONT_PX,
          hovered: onHover,
        });
        return [...still.map((label) => toClient(label, false)), ...(hovered === undefined ? [] : [toClient(hovered, true)])];
      },
      following: () => engine.isFollowing,
      lastOpened: () => engine.lastOpenedId ?? null,
      paintsInWorker: () => engine.paintsInWorker,
    };
    window.__orreryGraph = hook;
    return () => {
      if (window.__orreryGraph === hook) delete window.__orreryGraph;
    };
  });
}
