import type { Address } from 'viem'
import type { Role } from './scenarioTypes.js'

/**
 * The dev accounts (DEFAULT_MNEMONIC indices 1–5) that act in a scenario; account 0 is the devnet deployer.
 * Unlocked on an Anvil started with that mnemonic, so Anvil signs for them (deterministically, RFC 6979).
 */
export const scenarioActors: Record<Role, Address> = {
  noise: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  informed: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
  competitor: '0x90f79bf6eb2c4f870365e785982e1f101e93b906',
  lp: '0x15d34aaf54267db7d7c367839aaf71a00a2c6a65',
  planter: '0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc',
}
