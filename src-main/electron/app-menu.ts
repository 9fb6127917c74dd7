import { app, dialog, Menu, shell } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { OrreryCore } from '../core/orrery-core';

/**
 * Menu actions go through the same api as the UI's buttons, so both report the same errors
 * in the same words; the menu shows them in a dialog.
 */
export function installAppMenu(core: OrreryCore): void {
  async function run(method: 'demo.start' | 'demo.stop' | 'hooks.install' | 'hooks.uninstall', done: (value: unknown) => string): Promise<void> {
    const outcome = await core.api.call(method, {});
    if (outcome.ok) {
      const message = done(outcome.value);
      if (message) await dialog.showMessageBox({ type: 'info', message });
    } else {
      dialog.showErrorBox('Orrery', outcome.error.message);
    }
  }

  const hooksMessage = (verb: string) => (value: unknown): string => {
    const change = value as { settingsPath: string; changed: boolean; backupPath?: string };
    if (!change.changed) return `Nothing to change: Orrery's hooks were already ${verb === 'installed' ? 'in' : 'absent from'} ${change.settingsPath}.`;
    return `Orrery's hooks were ${verb} in ${change.settingsPath}.${change.backupPath ? `\nBackup: ${change.backupPath}` : ''}`;
  };

  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Fleet',
      submenu: [
        { label: 'Run Demo Fleet', click: () => void run('demo.start', () => '') },
        { label: 'Stop Demo Fleet', click: () => void run('demo.stop', () => '') },
        { type: 'separator' },
        { label: 'Install Claude Code Hooks', click: () => void run('hooks.install', hooksMessage('installed')) },
        { label: 'Uninstall Claude Code Hooks', click: () => void run('hooks.uninstall', hooksMessage('removed')) },
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
