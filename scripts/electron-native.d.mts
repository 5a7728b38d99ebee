// Types for electron-native.mjs, so its test type-checks under tsconfig.node.json.
export declare const ELECTRON_HEADERS_URL: string;

export interface BuildOptions {
  projectDir: string;
  outDir?: string;
  force?: boolean;
  /** Path of node-gyp's bin/node-gyp.js; found next to npm when omitted. */
  nodeGyp?: string;
  devdir?: string;
  arch?: string;
  platform?: string;
  env?: NodeJS.ProcessEnv;
  tmpRoot?: string;
  stdio?: 'inherit' | 'ignore' | 'pipe';
  log?: (message: string) => void;
}

export declare function buildEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined>;
export declare function nodeGypArgs(options: { electronVersion: string; arch: string; devdir: string }): string[];
export declare function installedVersions(projectDir: string): { electron: string; betterSqlite3: string; sqliteDir: string };
export declare function isUpToDate(outDir: string, wanted: Record<string, string>): boolean;
export declare function findNodeGyp(projectDir: string, env?: NodeJS.ProcessEnv): string;
export declare function buildElectronSqlite(options: BuildOptions): { skipped: boolean; path: string };
