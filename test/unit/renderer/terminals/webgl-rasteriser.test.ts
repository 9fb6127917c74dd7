import { describe, expect, it } from 'vitest';
import { classifyWebglRenderer } from '../../../../src-renderer/src/terminals/webgl-rasteriser';

describe('classifyWebglRenderer', () => {
  it('treats CPU rasterisers as software, so panes keep the faster DOM renderer', () => {
    for (const renderer of ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver', 'softpipe']) {
      expect(classifyWebglRenderer(renderer), renderer).toBe('software');
    }
  });

  it('treats real GPUs as hardware and no context as none', () => {
    expect(classifyWebglRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe('hardware');
    expect(classifyWebglRenderer('Apple M2')).toBe('hardware');
    expect(classifyWebglRenderer(undefined)).toBe('none');
  });
});
