#!/usr/bin/env node
// Definitions are TypeScript files the user never builds: tsx loads them (and our own sources).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
