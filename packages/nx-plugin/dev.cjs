// The plugin as this repository's own nx.json loads it: from its TypeScript sources, through tsx's
// scoped require (no global hook), so that the repo needs no build for Nx to infer its targets.
// It is not published: users get the compiled dist/index.js.
'use strict';
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./src/index.ts', __filename);
