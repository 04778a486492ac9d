import { fileURLToPath } from 'node:url'

/** Absolute path of the repository root (this file lives in `engine/devnet/`). */
export const repoRoot: string = fileURLToPath(new URL('../../', import.meta.url))
