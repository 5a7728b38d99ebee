// The places where a compose file names a path relative to its own folder. An adopted stack runs
// from the app's per-stack folder, not from where compose first ran, so each of these would point
// somewhere else after adoption (a bind of `./data` would mount a new, empty folder). The adopt
// dialog lists them for the owner to make absolute; the file itself is never rewritten behind them.
import { parse } from 'yaml';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const relative = (v: unknown): v is string => typeof v === 'string' && (v === '.' || v === '..' || v.startsWith('./') || v.startsWith('../'));

/** `service: option value` for each relative path, in file order; [] for a file that does not parse. */
export function relativePaths(composeFile: string): string[] {
  let data: unknown;
  try {
    data = parse(composeFile);
  } catch {
    return [];
  }
  if (!isObj(data)) return [];
  const found: string[] = [];
  const services = isObj(data.services) ? data.services : {};
  for (const [name, service] of Object.entries(services)) {
    if (!isObj(service)) continue;
    for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
      if (typeof volume === 'string' && relative(volume.split(':')[0])) found.push(`${name}: volumes ${volume}`);
      else if (isObj(volume) && relative(volume.source)) found.push(`${name}: volumes ${volume.source}`);
    }
    const envFiles: unknown[] = Array.isArray(service.env_file) ? (service.env_file as unknown[]) : [service.env_file];
    for (const file of envFiles) {
      const path = isObj(file) ? file.path : file;
      if (relative(path)) found.push(`${name}: env_file ${path}`);
    }
    const context = isObj(service.build) ? service.build.context : service.build;
    if (relative(context)) found.push(`${name}: build ${context}`);
  }
  for (const section of ['configs', 'secrets'] as const) {
    const entries = isObj(data[section]) ? data[section] : {};
    for (const [name, entry] of Object.entries(entries)) {
      if (isObj(entry) && relative(entry.file)) found.push(`${section}.${name}: file ${entry.file}`);
    }
  }
  return found;
}
