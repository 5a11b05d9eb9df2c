/**
 * This package's version, sent in `user-agent: boomerang/<version>`. A constant rather than a JSON import so
 * that the source runs unchanged under tsx, Node's type stripping and bundlers; a test keeps it equal to
 * package.json.
 */
export const runtimeVersion = '0.1.0';
