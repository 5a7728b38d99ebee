// The preload: runs sandboxed (bundled to one CommonJS file, see electron.vite.config.ts) and
// exposes the contract's bridge to the page, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('tinyforge', createBridge(ipcRenderer));
