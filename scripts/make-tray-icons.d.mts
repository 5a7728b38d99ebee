// Types for make-tray-icons.mjs, so its test type-checks under tsconfig.node.json.
import type { Color, Sampler } from './png.mjs';

export type TrayIconLevel = 'green' | 'amber' | 'red';
export declare const TRAY_COLORS: Record<TrayIconLevel, Color>;
export declare function trayIconSampler(level: TrayIconLevel, scale: number): Sampler;
export declare function trayIcons(): Array<{ name: string; level: TrayIconLevel; size: number; rgba: Buffer; png: Buffer }>;
