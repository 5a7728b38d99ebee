// The field schemas several domains share, and `call`, which pairs a call's input schema with its
// output type. Messages are English sentences the renderer translates (src/renderer/i18n/issueText.ts).
import { z } from 'zod';

export function call<S extends z.ZodType, O>(input: S, output: O) {
  return { input, output };
}

export const id = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters');
export const name = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'may contain letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit');
/** Docker and compose names: lower-case, as `docker compose -p` requires. */
export const slug = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, dashes or underscores, starting with a letter or digit');
/** One label of a DNS name, as a route's subdomain: `api`, `staging-web`. */
export const dnsLabel = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a DNS label such as api or staging-web');
export const imageRepository = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(255, 'must be at most 255 characters')
  // An optional registry (host with an optional :port), then lower-case path components; no tag.
  .regex(
    /^(?:[a-z0-9.-]+(?::\d{1,5})?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
    'must be an image repository such as ghcr.io/acme/api (lower-case, no tag)',
  );
export const imageTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be a Docker tag such as 1.4.2 or latest');
export const envKey = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name')
  // These parse fine but vanish or misbehave as object keys on the way through.
  .refine((k) => !['__proto__', 'constructor', 'prototype'].includes(k), 'is a reserved name');

const envRecord = z.record(envKey, z.string().max(32_768, 'must be at most 32,768 characters'));
/**
 * zod's record drops a `__proto__` key without a word (JSON.parse makes it an own property), so the
 * variable would vanish silently: refuse it on the raw input instead.
 */
export const envSchema = z
  .custom<z.input<typeof envRecord>>(() => true)
  .superRefine((value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
      ctx.addIssue({ code: 'custom', message: 'is a reserved name', path: ['__proto__'] });
    }
  })
  .pipe(envRecord);

export const absolutePath = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(4_096, 'must be at most 4096 characters')
  .regex(/^(\/|~\/|[A-Za-z]:[\\/])/, 'must be an absolute path (or start with ~/)');
