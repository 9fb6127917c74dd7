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
