// Builds the migrated PGlite snapshot that test databases start from, once,
// before any test task runs (turbo: test depends on @lending/db#test:snapshot).
import { ensurePgliteSnapshot } from '../src/pglite-snapshot.js';

if (process.env['DATABASE_URL']) {
  console.log('DATABASE_URL is set: tests use the server, no PGlite snapshot needed.');
} else {
  const started = performance.now();
  const { path, built } = await ensurePgliteSnapshot();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(built ? `Built ${path} in ${seconds} s.` : `Using ${path}.`);
}
