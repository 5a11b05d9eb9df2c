// Preloaded (`node --require`) into the verdaccio child started by local-registry.ts.
// The parent holds the write end of our stdin pipe; when the parent goes away for any reason
// (normal exit, crash, SIGKILL) the pipe closes and this process exits, so no registry is left behind.
'use strict';

const leave = () => process.exit(0);
process.stdin.on('end', leave);
process.stdin.on('close', leave);
process.stdin.on('error', leave);
process.stdin.resume();
