export type WebglCapability = 'hardware' | 'software' | 'none';

/**
 * Software rasterisers (SwiftShader in GPU-less Chromium, Mesa's llvmpipe, Windows' basic
 * driver) run WebGL on the CPU, on the page's own time: measured here, xterm's WebGL renderer on
 * SwiftShader cut terminal throughput to about a third of the DOM renderer's.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Classifies the GPU's WebGL RENDERER string; pure, so it is tested without a browser. */
export function classifyWebglRenderer(renderer: string | undefined): WebglCapability {
  if (renderer === undefined) return 'none';
  return SOFTWARE_RENDERER.test(renderer) ? 'software' : 'hardware';
}

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
