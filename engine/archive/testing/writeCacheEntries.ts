// Child process for createArchiveCache.test.ts: writes `count` entries (key i → value i) to a cache folder,
// printing "wrote N" every 50, so the test can kill it mid-way.
import { createHash } from 'node:crypto'
import { createArchiveCache } from '../createArchiveCache.js'

const [dir, prefix, count] = process.argv.slice(2) as [string, string, string]
const cache = createArchiveCache(dir, { segmentBytes: 64 * 1024 })
for (let i = 0; i < Number(count); i++) {
  const key = createHash('sha256').update(`${prefix}${i}`).digest()
  cache.put(key, Buffer.from(`value of ${prefix}${i} `.repeat(1 + (i % 7))))
  if (i % 50 === 49) {
    process.stdout.write(`wrote ${i + 1}\n`)
    await new Promise((r) => setImmediate(r)) // let the pipe flush, so the test sees progress
  }
}
cache.close()
process.stdout.write('done\n')
