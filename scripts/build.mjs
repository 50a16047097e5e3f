// Bundles bb-vars with esbuild, once, as ES modules with code splitting:
//   dist/bin.mjs     the `bb-vars` bin (src/bin.ts): runs the CLI's main
//   dist/lib.mjs     the library for the benchmark and the demo (src/lib.ts)
//   dist/chunks/     code shared by both, and what is loaded by dynamic import: each command,
//                    and what a command needs only sometimes
//   dist/THIRD-PARTY-LICENSES.txt  the licences of the bundled libraries
// The runtime libraries (yaml, ajv, listr2, …) are bundled in: the package declares no
// dependencies, so installing it installs nothing else.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Chunk names carry a hash: a fresh dist/ holds (and the package ships) no stale ones.
rmSync('dist', { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: { bin: 'src/bin.ts', lib: 'src/lib.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  define: { __BB_VARS_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS libraries call `require` for Node's built-in modules.
  banner: {
    js: "import { createRequire as __bbCreateRequire } from 'node:module'; const require = __bbCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
chmodSync('dist/bin.mjs', 0o755);

/** The directory and package.json of the package a bundled file under node_modules belongs to. */
function packageOf(file) {
  for (let dir = dirname(join(ROOT, file)); dir.includes('node_modules'); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    // Some packages have nested package.json files ({"type": "module"}) without a name.
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (pkg.name) return { dir, ...pkg };
    }
  }
  throw new Error(`no package.json above ${file}`);
}
const packages = new Map();
for (const file of Object.keys(metafile.inputs).filter((f) => f.includes('node_modules/'))) {
  const { dir, name, version, license } = packageOf(file);
  const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  if (!licenseFile) throw new Error(`${name} has no licence file to ship with the bundle`);
  packages.set(
    `${name}@${version}`,
    `${name}@${version} (${license})\n\n${readFileSync(join(dir, licenseFile), 'utf8').trim()}\n`,
  );
}
const notices = [...packages.keys()].sort().map((key) => packages.get(key));
writeFileSync(
  'dist/THIRD-PARTY-LICENSES.txt',
  `bb-vars bundles these libraries:\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`,
);
