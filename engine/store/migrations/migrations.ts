import type { Migration } from './Migration.js'
import { migration001 } from './001_initial.js'
import { migration002 } from './002_net_profit.js'
import { migration003 } from './003_run_manifest.js'
import { migration004 } from './004_reorgs.js'
import { migration005 } from './005_sweeps.js'
import { migration006 } from './006_block_hash.js'
import { migration007 } from './007_inclusion.js'
import { migration009 } from './009_submissions.js'

/** Every schema migration, in the order they apply. Append new ones at the end with a higher version. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration009]
