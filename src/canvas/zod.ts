/**
 * The browser's zod: `zod/mini`, the functional API of the same package (`z.optional(s)`, `s.check(…)`,
 * `z.pipe(s, z.transform(fn))`), which bundlers can tree-shake down to what the schemas use. Schemas of the app
 * import `z` from here, never from `zod` (classic, about four times the size in the bundle) or `zod/mini` directly.
 *
 * `zod/mini` loads no locale, so every issue would read just "Invalid input". English is installed here, before
 * any schema can parse, so issues read as they did with classic zod ("Invalid input: expected string, received
 * undefined"): describeIssues (http.ts) puts them in "returned unexpected data" errors and skipped-item reasons.
 */
import { config } from 'zod/mini'
import { en } from 'zod/locales'

// As classic zod does it: the default only, so a locale set before (z.config) stays.
if (!config().localeError) config(en())

export * as z from 'zod/mini'
