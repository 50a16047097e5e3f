// Bundles the CLI into dist/cli.mjs (+ lazily loaded chunks) with esbuild.
// One ESM entry keeps start-up fast; commands are split into chunks loaded on demand.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { standaloneCheck, standaloneValidators } from './schema-standalone.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../schema/bb-vars.schema.json', import.meta.url), 'utf8'));

// Start-up speed: the schema is compiled here, once, instead of by ajv on every run.
const standaloneSchema = {
  name: 'standalone-schema-validators',
  setup(b) {
    b.onResolve({ filter: /[\\/]schema-validators\.ts$/ }, (args) => ({ path: args.path, namespace: 'schema-validators' }));
    b.onLoad({ filter: /.*/, namespace: 'schema-validators' }, () => ({ contents: standaloneValidators(schema), loader: 'js', resolveDir: fileURLToPath(new URL('..', import.meta.url)) }));
    b.onResolve({ filter: /[\\/]schema-check\.ts$/ }, (args) => ({ path: args.path, namespace: 'schema-check' }));
    b.onLoad({ filter: /.*/, namespace: 'schema-check' }, () => ({ contents: standaloneCheck(schema), loader: 'js', resolveDir: fileURLToPath(new URL('..', import.meta.url)) }));
  },
};
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
  // cosmiconfig `require`s typescript only for .ts configs, which bb-vars never loads; bundling it
  // put 10 MB of JavaScript on the start-up path of every command that reads a manifest.
  external: ['typescript'],
  plugins: [standaloneSchema],
  logLevel: 'warning',
});
chmodSync('dist/cli.mjs', 0o755);
