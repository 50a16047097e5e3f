// Bundles the CLI with esbuild:
//   dist/cli.cjs                 the `bb-vars` entry: argument dispatch only
//   dist/commands/<name>.cjs     one file per command, loaded by the entry when it is run
//   dist/lazy/<name>.cjs         what a command needs only sometimes (the full YAML parser,
//                                the schema's error wording, cosmiconfig's upward search)
//   dist/lib.mjs (+ chunks/)     the library for tests, the benchmark and the demo (ESM)
//   dist/cli.mjs                 an ES module that runs dist/cli.cjs, for scripts written
//                                against earlier versions (`node dist/cli.mjs …`); the bin is cli.cjs
//
// Why CommonJS files for the CLI: Node.js starts a CommonJS program several milliseconds sooner
// than an ES module graph (no module loader to set up, one file read synchronously), and start-up
// time is most of what a `bb-vars validate` costs. Each command file carries its own copy of the
// code it shares with others (errors, I/O helpers): only one runs per process, and errors are
// reported inside the command's own file (see commandEntry) so class identity never crosses files.
import { build } from 'esbuild';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { standaloneCheck, standaloneValidators } from './schema-standalone.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../schema/bb-vars.schema.json', import.meta.url), 'utf8'));

/** Dynamic imports in src/config/load.ts that become files of their own under dist/lazy/. */
const LAZY = {
  './yaml-data.ts': { name: 'yaml-data', entry: 'src/config/yaml-data.ts' },
  './validate.ts': { name: 'schema-errors', entry: 'src/config/validate.ts' },
  cosmiconfig: { name: 'cosmiconfig', entry: 'cosmiconfig' },
};

// Start-up speed: the schema is compiled here, once, instead of by ajv on every run.
const standaloneSchema = {
  name: 'standalone-schema-validators',
  setup(b) {
    b.onResolve({ filter: /[\\/]schema-validators\.ts$/ }, (args) => ({ path: args.path, namespace: 'schema-validators' }));
    b.onLoad({ filter: /.*/, namespace: 'schema-validators' }, () => ({ contents: standaloneValidators(schema), loader: 'js', resolveDir: ROOT }));
    b.onResolve({ filter: /[\\/]schema-check\.ts$/ }, (args) => ({ path: args.path, namespace: 'schema-check' }));
    b.onLoad({ filter: /.*/, namespace: 'schema-check' }, () => ({ contents: standaloneCheck(schema), loader: 'js', resolveDir: ROOT }));
  },
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const LAZY_SPECIFIER = new RegExp(`^(?:${Object.keys(LAZY).map(escape).join('|')})$`);

/**
 * `import('./commands/x.ts')` in the entry and the LAZY imports become requires of sibling
 * files. Commands found in the entry are added to `commands`, so each gets its file.
 */
const separateFiles = (from, commands) => ({
  name: 'separate-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.ts$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]cli[\\/]index\.ts$/.test(args.importer)) return undefined;
      const name = args.path.slice('./commands/'.length, -'.ts'.length);
      commands?.add(name);
      return { path: `./commands/${name}.cjs`, external: true };
    });
    b.onResolve({ filter: LAZY_SPECIFIER }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      if (args.path.startsWith('./') && !/[\\/]config[\\/]load\.ts$/.test(args.importer)) return undefined;
      return { path: `${from}lazy/${LAZY[args.path].name}.cjs`, external: true };
    });
  },
});

/** A command's file: its `run`, with errors reported by this file's own classes. */
const commandEntry = (name) => `
import { run as runCommand } from ${JSON.stringify(`${ROOT}src/cli/commands/${name}.ts`)};
import { isVerbose, reportError } from ${JSON.stringify(`${ROOT}src/cli/report.ts`)};
export async function run(argv, io) {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    return reportError(error, io, isVerbose(argv, io));
  }
}
`;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  define: { __BB_VARS_VERSION__: JSON.stringify(pkg.version) },
  // cosmiconfig `require`s typescript only for .ts configs, which bb-vars never loads; bundling it
  // put 10 MB of JavaScript on the start-up path of every command that reads a manifest.
  external: ['typescript'],
  logLevel: 'warning',
};
// In CommonJS output, `import()` of another file becomes a synchronous `require` in a promise.
const cjs = { ...common, format: 'cjs', outExtension: { '.js': '.cjs' }, supported: { 'dynamic-import': false } };

// dist/ is not wiped: tests build concurrently; stale files are never referenced.
// The entry first: the commands it loads are what gets a file under dist/commands/.
const commands = new Set();
await build({ ...cjs, entryPoints: { cli: 'src/cli/index.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [separateFiles('./', commands)] });
await Promise.all([
  ...[...commands].map((name) =>
    build({
      ...cjs,
      stdin: { contents: commandEntry(name), resolveDir: ROOT, loader: 'js', sourcefile: `commands/${name}.cjs` },
      outfile: `dist/commands/${name}.cjs`,
      plugins: [standaloneSchema, separateFiles('../')],
    }),
  ),
  ...Object.values(LAZY).map(({ name, entry }) => build({ ...cjs, entryPoints: { [name]: entry }, outdir: 'dist/lazy', plugins: [standaloneSchema] })),
  build({
    ...common,
    entryPoints: { lib: 'src/lib.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __bbCreateRequire } from 'node:module'; const require = __bbCreateRequire(import.meta.url);" },
    plugins: [standaloneSchema],
  }),
]);
chmodSync('dist/cli.cjs', 0o755);
writeFileSync('dist/cli.mjs', "#!/usr/bin/env node\n// Runs the CLI (dist/cli.cjs, the package's bin); kept for `node dist/cli.mjs …`.\nimport './cli.cjs';\n", { mode: 0o755 });
