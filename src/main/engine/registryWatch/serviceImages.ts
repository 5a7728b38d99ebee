// The image each service of a stack names, read from its compose file interpolated with its `.env`
// as compose does: what a stack service's watch follows. A service that builds, names no image, or
// names one through a variable the `.env` does not set has none (it cannot be watched).
import { parse } from 'yaml';
import { parseEnvFile } from '../stacks/envFile';
import { interpolate } from '../stacks/composeInterpolation';

export function serviceImages(stack: { composeFile: string; envFile: string }): Map<string, string | null> {
  const images = new Map<string, string | null>();
  let document: unknown;
  try {
    document = parse(stack.composeFile);
  } catch {
    return images;
  }
  const services = (document as { services?: unknown } | null)?.services;
  if (!services || typeof services !== 'object') return images;
  const env = parseEnvFile(stack.envFile);
  for (const [name, service] of Object.entries(services as Record<string, unknown>)) {
    const raw = (service as { image?: unknown } | null)?.image;
    if (typeof raw !== 'string') {
      images.set(name, null);
      continue;
    }
    const value = interpolate(raw, env);
    images.set(name, value.invalid || value.unresolved.length > 0 ? null : value.value.trim() || null);
  }
  return images;
}
