/**
 * Programmatic entry for the demo and benchmark scripts (bundled as dist/lib.mjs): the CLI's
 * `main` and the embedded sandbox. Not a stable public API.
 */
export { main } from './cli/index.ts';
export { startSandbox, defaultSeed, sandboxEnv, peakInFlight } from './sandbox/index.ts';
export { createRandom } from './sandbox/random.ts';
export type { CliIO } from './cli/io.ts';
