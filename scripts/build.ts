import { fileURLToPath } from 'node:url';
import { buildOnce, CompileError } from './build/atomic-build.js';

// `npm run build` and `npm start`'s prestart: compile src/ into dist/, safe when several starts run at once.
const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
try {
  const { dir, outcome } = await buildOnce(root);
  const what = {
    compiled: `compiled src/ into ${dir}/`,
    reused: `src/ unchanged since ${dir}/`,
    waited: `${dir}/ compiled by a concurrent start`,
  }[outcome];
  process.stdout.write(`build: ${what}; dist -> ${dir} (${Date.now() - started} ms)\n`);
} catch (error) {
  if (!(error instanceof CompileError)) {
    throw error;
  }
  process.stdout.write(error.output);
  process.stderr.write('build: tsc failed; dist is unchanged\n');
  process.exitCode = 1;
}
