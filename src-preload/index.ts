import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './orrery-bridge';

contextBridge.exposeInMainWorld('orrery', createPreloadBridge(ipcRenderer));
