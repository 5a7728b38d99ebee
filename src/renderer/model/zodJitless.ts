// The CSP forbids eval, and zod probes for it (new Function) when a schema is created, which logs a
// CSP violation. This module must be imported before anything that builds schemas (the contract).
import { z } from 'zod';

z.config({ jitless: true });
