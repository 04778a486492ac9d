import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Abi, Hex } from 'viem'
import { DevnetError } from '../errors/DevnetError.js'
import { artifactPaths, type ArtifactName } from './artifactPaths.js'
import { repoRoot } from './repoRoot.js'

/** Library placeholders to fill: source file → library name → byte ranges in the creation code. */
export type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>

/** A compiled contract: its ABI, creation code (possibly with unlinked library placeholders) and link references. */
export type Artifact = {
  readonly name: ArtifactName
  readonly path: string
  readonly abi: Abi
  readonly bytecode: Hex
  readonly linkReferences: LinkReferences
}

const cache = new Map<ArtifactName, Artifact>()

/**
 * Reads a compiled artifact from the npm packages or Forge's `contracts/out`, whichever format it has:
 * Hardhat (`bytecode` string + `linkReferences`), Waffle/solc (`evm.bytecode.object`) or Forge
 * (`bytecode.object` + `bytecode.linkReferences`).
 *
 * @example
 * const { abi, bytecode } = loadArtifact('UniswapV2Factory')
 */
export function loadArtifact(name: ArtifactName): Artifact {
  const hit = cache.get(name)
  if (hit) return hit
  const path = artifactPaths[name]
  const file = join(repoRoot, path)
  if (!existsSync(file)) {
    const hint = path.startsWith('contracts/out/')
      ? 'build our contracts first: npm run build:contracts'
      : 'the npm package is not installed'
    throw new DevnetError(`Artifact ${name} not found at ${path}`, { step: 'load-artifact', details: hint })
  }
  let json: Record<string, unknown>
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch (cause) {
    throw new DevnetError(`Artifact ${name} at ${path} is not valid JSON`, { step: 'load-artifact', cause })
  }
  const { code, links } = pickBytecode(json)
  if (!Array.isArray(json.abi)) throw new DevnetError(`Artifact ${name} at ${path} has no abi`, { step: 'load-artifact' })
  const artifact: Artifact = {
    name,
    path,
    abi: json.abi as Abi,
    bytecode: (code.startsWith('0x') ? code : `0x${code}`) as Hex,
    linkReferences: links,
  }
  cache.set(name, artifact)
  return artifact
}

function pickBytecode(json: Record<string, unknown>): { code: string; links: LinkReferences } {
  const bc = json.bytecode
  if (typeof bc === 'string' && bc.length > 0) {
    return { code: bc, links: (json.linkReferences as LinkReferences | undefined) ?? {} }
  }
  if (bc && typeof bc === 'object' && typeof (bc as { object?: unknown }).object === 'string') {
    const b = bc as { object: string; linkReferences?: LinkReferences }
    return { code: b.object, links: b.linkReferences ?? {} }
  }
  const evm = json.evm as { bytecode?: { object?: string; linkReferences?: LinkReferences } } | undefined
  if (typeof evm?.bytecode?.object === 'string') return { code: evm.bytecode.object, links: evm.bytecode.linkReferences ?? {} }
  return { code: '', links: {} }
}
