import { WebglAddon } from '@xterm/addon-webgl';
import type { Terminal } from '@xterm/xterm';
import { webglCapability } from './webgl-capability';

/** After this many lost contexts a pane stays on the DOM renderer: the GPU is not reliable here. */
const MAX_CONTEXT_LOSSES = 3;

/** Set once loading the addon failed: no later pane in this page will do better. */
let webglUnsupported = false;

/**
 * WebGL rendering for one pane, only while it is visible and only on a real GPU. Chromium keeps
 * about 16 WebGL contexts per page and silently kills the oldest beyond that, so hidden panes give
 * theirs back and fall back to xterm's DOM renderer. A lost context drops the pane back to the DOM
 * renderer until it is shown again. Without a GPU (software WebGL) the DOM renderer is faster.
 */
export class WebglRenderer {
  private readonly terminal: Terminal;
  private addon: WebglAddon | undefined;
  private losses = 0;

  constructor(terminal: Terminal) {
    this.terminal = terminal;
  }

  get active(): boolean {
    return this.addon !== undefined;
  }

  /** Call only on an opened terminal whose pane is visible. */
  enable(): void {
    if (this.addon || webglUnsupported || this.losses >= MAX_CONTEXT_LOSSES || webglCapability() !== 'hardware') return;
    const addon = new WebglAddon();
    try {
      this.terminal.loadAddon(addon);
    } catch (error) {
      // No WebGL2 (e.g. a GPU-less headless browser): the DOM renderer stays in charge.
      webglUnsupported = true;
      console.info('[orrery] WebGL terminal rendering unavailable, using the DOM renderer:', error instanceof Error ? error.message : error);
      addon.dispose();
      return;
    }
    addon.onContextLoss(() => {
      this.losses++;
      this.disable();
    });
    this.addon = addon;
  }

  disable(): void {
    const addon = this.addon;
    if (!addon) return;
    this.addon = undefined;
    try {
      addon.dispose();
    } catch (error) {
      // Disposing after a context loss may fail inside the addon; the DOM renderer takes over regardless.
      console.warn('[orrery] disposing the WebGL renderer failed:', error);
    }
    this.terminal.refresh(0, this.terminal.rows - 1);
  }
}
