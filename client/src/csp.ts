import { config } from 'zod';

// The server's Content-Security-Policy has no 'unsafe-eval'. zod probes `new Function` once, when the
// first object schema is built, to decide whether to compile fast parsers; the probe's error is caught,
// but the browser still reports a CSP violation. `jitless` skips the probe (and the compiled parsers,
// which the policy would refuse anyway). main.tsx imports this module first, before any schema exists.
config({ jitless: true });
