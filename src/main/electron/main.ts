// The Electron entry (electron-vite main input `index`, emitted as out/main/index.js).
import { createApp } from '../engine/app';
import { startElectronShell } from './lifecycle';
import { shellPaths } from './paths';

startElectronShell({
  createApp,
  paths: shellPaths(__dirname),
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
});
