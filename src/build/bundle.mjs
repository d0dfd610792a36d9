// Bundles each program (src/bin/*.ts) into dist/ with esbuild: one file per tool starts in ~0.2 s,
// where running the TypeScript sources through tsx takes ~1 s. Native and heavy packages stay external.
// The TUI (Ink, React, Yoga) is imported dynamically by the programs, so it lands in a chunk of its own
// that a piped run never loads; the settings below keep that chunk quick to load (see README, "The
// terminal UI").
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entries = readdirSync(join(root, 'src', 'bin'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(root, 'src', 'bin', f));

/** Ink imports react-devtools-core only when DEV=true; the package is not installed, so it is left out. */
const noDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'no-devtools' }));
    b.onLoad({ filter: /.*/, namespace: 'no-devtools' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

/**
 * Yoga's Emscripten loader fetches its inlined WebAssembly through `fetch(data:...)` whenever `fetch`
 * exists, which loads Node's whole HTTP client (undici, ~30 ms) just to decode base64. Its own
 * synchronous base64 path gives the same bytes.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace('"function"!=typeof fetch', 'true');
      if (patched === source) throw new Error('yoga-layout changed: the fetch test to bypass was not found');
      return { contents: patched, loader: 'js' };
    });
  },
};

const common = {
  outdir: join(root, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['better-sqlite3'],
  // React's production build: its development build is several times larger and slower to load.
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [noDevtools, yogaWithoutFetch],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

// azcloudhsm_util is a client of the daemon: bundled on its own, it loads a few files of its own at start
// rather than chunks shared with the programs that hold the cluster (fewer files to resolve and read).
const util = entries.filter((e) => e.endsWith('azcloudhsm_util.ts'));
await build({ ...common, entryPoints: entries.filter((e) => !util.includes(e)) });
await build({ ...common, entryPoints: util });
