import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { parseCommonFlags } from '../core/config/command-line';
import { describeFatalError } from '../core/app/fatal-error';
import { startCore } from '../core/orrery-core';
import type { OrreryCore } from '../core/orrery-core';
import { installAppMenu } from './app-menu';
import { bindApiToIpc } from './ipc-binding';
import { createMainWindow } from './main-window';
import { hardenSessions } from './security';

// electron-vite sets this in development so the renderer hot-reloads from its dev server.
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;

let core: OrreryCore | undefined;

// Must precede 'ready': every renderer, including ones we never meant to create, is sandboxed.
app.enableSandbox();

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  try {
    const flags = parseCommonFlags(process.argv.slice(1));
    core = startCore({ runtime: 'electron', home: flags.home, journals: flags.journals, cliScript: join(__dirname, 'cli.js') });
  } catch (error) {
    const { line, exitCode } = describeFatalError(error);
    console.error(line);
    dialog.showErrorBox('Orrery cannot start', line.replace(/^orrery: /, ''));
    app.exit(exitCode);
    return;
  }
  hardenSessions();
  installAppMenu(core);
  const unbind = bindApiToIpc(core.api, rendererUrl);
  createMainWindow(rendererUrl);

  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(rendererUrl);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = undefined;
    unbind();
    void closing.dispose().finally(() => app.exit(0));
  });
}

void main();
