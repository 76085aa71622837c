/**
 * The second step of `npm run build`: bundles the compiled service (dist/) into dist/bundle/,
 * which `npm start` runs. Node 20 has no compile cache, so most of a start is finding, reading
 * and compiling a few thousand module files; as a handful of files the service answers in about
 * two thirds of the time. Each platform's SDK is split into its own file, and is still loaded
 * only when that platform is on.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../src/paths.js';

const OUT = join(ROOT, 'dist', 'bundle');

/**
 * Left to Node's own loading: pino starts its transports from files by path, resvg is a native
 * addon, and the rest are optional native helpers that their packages look for and do without.
 */
const EXTERNAL = ['pino', 'thread-stream', '@resvg/resvg-js', 'pg-native', 'dtrace-provider', 'bufferutil', 'utf-8-validate', 'encoding'];

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: [join(ROOT, 'dist', 'index.js')],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  external: EXTERNAL,
  // The bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'error',
});
