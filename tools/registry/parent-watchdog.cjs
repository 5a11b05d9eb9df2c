// Preloaded (`node --require`) into the verdaccio child started by local-registry.ts.
// The parent holds the write end of our stdin pipe; when the parent goes away for any reason
// (normal exit, crash, SIGKILL) the pipe closes and this process exits, so no registry is left behind.
//
// Worker threads inherit `--require` (verdaccio's pino log transport runs in one); in a worker,
// process.stdin is not the real stdin and process.exit() only ends that worker, which silently kills
// logging and makes verdaccio hang on fatal errors. So only the main thread watches.
'use strict';

if (require('node:worker_threads').isMainThread) watchParent();

function watchParent() {
  const leave = () => {
    // Nobody is left to remove the registry's temp dir (storage, config): do it here.
    const dir = process.env.BOOMERANG_REGISTRY_DIR;
    if (dir) {
      try {
        require('node:fs').rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
    process.exit(0);
  };
  process.stdin.on('end', leave);
  process.stdin.on('close', leave);
  process.stdin.on('error', leave);
  process.stdin.resume();
}
