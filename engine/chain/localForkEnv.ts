import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rootCertificates } from 'node:tls'

let cached: Record<string, string> | undefined

/**
 * Environment for an Anvil that forks a node over plain HTTP on loopback. Anvil builds a new HTTP client at
 * start and at every `anvil_reset`, and each build reads and parses the whole system certificate store
 * (~140 files; about 10 ms of CPU per reset, measured). A loopback fork never uses TLS, so pointing
 * `SSL_CERT_FILE`/`SSL_CERT_DIR` (honoured by rustls-native-certs) at a single certificate and an empty
 * folder makes resets several times cheaper. Never use it for an HTTPS fork URL.
 */
export function localForkEnv(): Record<string, string> {
  if (cached) return cached
  const dir = join(tmpdir(), `alphapulse-anvil-certs-${process.getuid?.() ?? 'user'}`)
  const empty = join(dir, 'empty')
  mkdirSync(empty, { recursive: true })
  // Any valid CA certificate will do (Anvil refuses to start with none); Node ships Mozilla's store.
  const file = join(dir, 'one-root.pem')
  writeFileSync(file, `${rootCertificates[0]}\n`)
  cached = { SSL_CERT_FILE: file, SSL_CERT_DIR: empty }
  return cached
}
