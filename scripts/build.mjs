// Bundles the CLI into dist/cli.mjs (+ lazily loaded chunks) with esbuild.
// One ESM entry keeps start-up fast; commands are split into chunks loaded on demand.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// dist/ is not wiped: tests build concurrently; stale chunks are never referenced.

await build({
  entryPoints: { cli: 'src/cli/index.ts', lib: 'src/lib.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __BB_VARS_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __bbCreateRequire } from 'node:module'; const require = __bbCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync('dist/cli.mjs', 0o755);
