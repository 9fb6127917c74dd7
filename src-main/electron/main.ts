import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { parseCommonFlags } from '../core/config/command-line';
import { describeFatalError } from '../core/app/fatal-error';
import { removeHostFile, writeHostFile } from '../core/app/host-file';
import { startHeadlessHost } from '../headless/headless-host';
import type { HeadlessHost } from '../headless/headless-host';
import { startCore } from '../core/orrery-core';
import type { OrreryCore } from '../core/orrery-core';
import { installAppMenu } from './app-menu';
import { bindApiToIpc } from './ipc-binding';
import { createMainWindow } from './main-window';
import { hardenSessions } from './security';

// electron-vite sets this in development so the renderer hot-reloads from its dev server.
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;

let core: OrreryCore | undefined;
let controlHost: HeadlessHost | undefined;

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
    core = startCore({ runtime: 'electron', home: flags.home, journals: flags.journals, paperclip: flags.paperclip ?? [], cliScript: join(__dirname, 'cli.js') });
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
  // The `orrery` CLI in any terminal reaches the desktop app through the same loopback host the
  // headless mode serves (random port, per-start token), announced in the data directory.
  const started = core;
  void startHeadlessHost({ api: started.api, rendererDir: join(__dirname, '../renderer'), port: 0 })
    .then((host) => {
      controlHost = host;
      writeHostFile(started.paths.home, { url: `ws://127.0.0.1:${host.port}/api`, token: host.token, pid: process.pid, runtime: 'electron' });
    })
    .catch((error: unknown) => console.error('[orrery] the command-line control socket could not start:', error));

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
    removeHostFile(closing.paths.home);
    void Promise.resolve(controlHost?.close())
      .then(() => closing.dispose())
      .finally(() => app.exit(0));
  });
}

void main();
