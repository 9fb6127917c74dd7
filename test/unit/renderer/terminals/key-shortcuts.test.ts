import { describe, expect, it } from 'vitest';
import { isMacPlatform, terminalShortcut } from '../../../../src-renderer/src/terminals/key-shortcuts';

const key = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('terminalShortcut', () => {
  it('uses Ctrl off the Mac and Cmd on it', () => {
    expect(terminalShortcut(key('F', { ctrlKey: true, shiftKey: true }), false)).toBe('global-search');
    expect(terminalShortcut(key('f', { ctrlKey: true }), false)).toBe('pane-find');
    expect(terminalShortcut(key('F', { metaKey: true, shiftKey: true }), true)).toBe('global-search');
    expect(terminalShortcut(key('f', { metaKey: true }), true)).toBe('pane-find');
    expect(terminalShortcut(key('f', { ctrlKey: true }), true)).toBeUndefined();
  });

  it('leaves every other key to the terminal', () => {
    expect(terminalShortcut(key('f'), false)).toBeUndefined();
    expect(terminalShortcut(key('c', { ctrlKey: true }), false)).toBeUndefined();
    expect(terminalShortcut(key('f', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
  });

  it('recognises Apple platforms', () => {
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
  });
});
