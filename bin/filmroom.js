#!/usr/bin/env node
// The `filmroom` command. Runs the TypeScript sources through tsx, so it works right after `npm install`
// with no build step (the desktop app is built by electron-vite instead).
import { register } from 'tsx/esm/api';

register();
await import('../main/cli.ts');
