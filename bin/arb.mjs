#!/usr/bin/env node
// The `arb` command: runs the TypeScript CLI through tsx, so there is no build step after `npm ci`.
import { register } from 'tsx/esm/api'

register()
await import('../engine/cli/main.ts')
