// The entry Nx loads. Nx require()s plugins and generator factories; this package ships TypeScript
// sources, and a user's workspace may have neither swc nor ts-node (what Nx would otherwise need for
// .ts), so the sources load through tsx's scoped require, which touches no global hook.
'use strict';
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./src/index.ts', __filename);
