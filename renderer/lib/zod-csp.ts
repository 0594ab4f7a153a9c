/**
 * Zod compiles fast parsers with `new Function` unless told not to; under our Content-Security-Policy (no
 * 'unsafe-eval') its probe for that logged a CSP error on every page load. Imported first by main.tsx: the setting
 * is read when each schema is built, so it must come before the contract's schemas are.
 */
import { z } from 'zod';

z.config({ jitless: true });
