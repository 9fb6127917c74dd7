import { app, dialog, Menu, shell } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { createInProcessClient } from '../core/api/in-process-client';
import type { OrreryCore } from '../core/orrery-core';
import type { HooksChange } from '../../src-shared/hooks/hooks-contract';

/**
 * Menu actions go through the same typed api client as the UI's buttons, so both report the same
 * errors in the same words; the menu shows them in a dialog.
 */
export function installAppMenu(core: OrreryCore): void {
  const api = createInProcessClient(core.api);

  async function run<T>(action: () => Promise<T>, done: (value: T) => string): Promise<void> {
    try {
      const message = done(await action());
      if (message) await dialog.showMessageBox({ type: 'info', message });
    } catch (error) {
      dialog.showErrorBox('Orrery', error instanceof Error ? error.message : String(error));
    }
  }

  const hooksMessage = (verb: 'installed' | 'removed') => (change: HooksChange): string => {
    if (!change.changed) return `Nothing to change: Orrery's hooks were already ${verb === 'installed' ? 'in' : 'absent from'} ${change.settingsPath}.`;
    return `Orrery's hooks were ${verb} in ${change.settingsPath}.${change.backupPath ? `\nBackup: ${change.backupPath}` : ''}`;
  };

  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Fleet',
      submenu: [
        { label: 'Run Demo Fleet', click: () => void run(() => api.call('demo.start', {}), () => '') },
        { label: 'Stop Demo Fleet', click: () => void run(() => api.call('demo.stop', {}), () => '') },
        { type: 'separator' },
        { label: 'Install Claude Code Hooks', click: () => void run(() => api.call('hooks.install', {}), hooksMessage('installed')) },
        { label: 'Uninstall Claude Code Hooks', click: () => void run(() => api.call('hooks.uninstall', {}), hooksMessage('removed')) },
        { type: 'separator' },
        { label: 'Open Data Folder', click: () => void shell.openPath(core.paths.home) },
        ...(process.platform === 'darwin' ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
