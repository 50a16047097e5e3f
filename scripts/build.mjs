// Bundles the CLI with esbuild:
//   dist/cli.cjs                 the `bb-vars` entry: argument dispatch only
//   dist/commands/<name>.cjs     one file per command, loaded by the entry when it is run
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

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * `import('./commands/x.ts')` in the entry becomes a require of a sibling file. Commands found in
 * the entry are added to `commands`, so each gets its file.
 */
const separateFiles = (commands) => ({
  name: 'separate-files',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.ts$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]cli[\\/]index\.ts$/.test(args.importer)) return undefined;
      const name = args.path.slice('./commands/'.length, -'.ts'.length);
      commands?.add(name);
      return { path: `./commands/${name}.cjs`, external: true };
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
  logLevel: 'warning',
};
// In CommonJS output, `import()` of another file becomes a synchronous `require` in a promise.
const cjs = { ...common, format: 'cjs', outExtension: { '.js': '.cjs' }, supported: { 'dynamic-import': false } };

// dist/ is not wiped: tests build concurrently; stale files are never referenced.
// The entry first: the commands it loads are what gets a file under dist/commands/.
const commands = new Set();
await build({ ...cjs, entryPoints: { cli: 'src/cli/index.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [separateFiles(commands)] });
await Promise.all([
  ...[...commands].map((name) =>
    build({
      ...cjs,
      stdin: { contents: commandEntry(name), resolveDir: ROOT, loader: 'js', sourcefile: `commands/${name}.cjs` },
      outfile: `dist/commands/${name}.cjs`,
      plugins: [separateFiles()],
    }),
  ),
  build({
    ...common,
    entryPoints: { lib: 'src/lib.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __bbCreateRequire } from 'node:module'; const require = __bbCreateRequire(import.meta.url);" },
  }),
]);
chmodSync('dist/cli.cjs', 0o755);
writeFileSync('dist/cli.mjs', "#!/usr/bin/env node\n// Runs the CLI (dist/cli.cjs, the package's bin); kept for `node dist/cli.mjs …`.\nimport './cli.cjs';\n", { mode: 0o755 });
