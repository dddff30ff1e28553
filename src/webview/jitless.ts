import { config } from 'zod';

// Imported first by main.ts, before any schema exists: zod would otherwise
// probe `new Function` when the first object schema is built, which a strict
// CSP (no 'unsafe-eval') reports as a violation even though zod catches it.
config({ jitless: true });
