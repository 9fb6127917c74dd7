import { classifyWebglRenderer } from './webgl-rasteriser';
import type { WebglCapability } from './webgl-rasteriser';

let probed: WebglCapability | undefined;

/** Whether this page has hardware WebGL2; probed once with a throwaway context. */
export function webglCapability(): WebglCapability {
  if (probed !== undefined) return probed;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) {
    probed = 'none';
    return probed;
  }
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  probed = classifyWebglRenderer(typeof renderer === 'string' ? renderer : '');
  // Give the context back now: Chromium allows only ~16 per page and the panes need them.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return probed;
}
