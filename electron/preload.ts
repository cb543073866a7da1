/**
 * Preload for every Spanbench window. Sandboxed: it may only require 'electron'
 * (esbuild bundles the rest into dist/electron/preload.cjs).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { installPreload } from './preloadApi';

installPreload({ contextBridge, ipcRenderer, webUtils }, process.platform);
