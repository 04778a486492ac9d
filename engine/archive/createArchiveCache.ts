import { randomBytes } from 'node:crypto'
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { BaseError } from '../errors/BaseError.js'

/**
 * A persistent key → bytes store for answers that never change (reads pinned to a final block), shared by
 * every process that opens the same folder. Keys are 32-byte digests (sha256 of the call).
 */
export type ArchiveCache = {
  readonly dir: string
  get(key: Buffer): Buffer | undefined
  put(key: Buffer, value: Buffer): void
  /** Entries this process can see, bytes on disk (every process's segments). */
  stats(): { entries: number; bytes: number }
  /** Closes this process's segment. Idempotent. */
  close(): void
}

export type ArchiveCacheOptions = {
  /** Bytes on disk (all segments) above which the oldest segments are deleted. Default 4 GiB. */
  maxBytes?: number
  /** A segment is closed and a new one started at this size. Default 64 MiB (max 4 GiB). */
  segmentBytes?: number
}

const DATA = '.dat'
const INDEX = '.idx'
/** Index entry: 16 bytes of the key, the record's offset and length in the data file (u32 LE each). */
const ENTRY = 24
/** Data record: its total length (u32 LE), crc32 of (key ‖ value) (u32 LE), the 32-byte key, the value. */
const HEAD = 4 + 4 + 32

type Segment = { name: string; fd: number | undefined; indexRead: number; own: boolean }

/**
 * Opens (creating it) an append-only cache in `dir`. Each process writes only its own segment (a data file and
 * an index file of fixed 24-byte entries, both appended), so concurrent writers never interleave and need no
 * lock; other processes' entries are picked up at open and, after a miss, at most every half second. A crash
 * can leave a torn last record: index entries past the end of their data file are ignored, and every record's
 * CRC is checked when it is read, so a damaged record is a miss, never a wrong answer. The folder is bounded:
 * past `maxBytes`, whole segments are deleted oldest first (a reader that still has one open keeps reading it).
 *
 * @example
 * const cache = createArchiveCache('data/cache/1')
 * cache.put(sha256(call), Buffer.from(answerJson))
 */
export function createArchiveCache(dir: string, options: ArchiveCacheOptions = {}): ArchiveCache {
  const maxBytes = options.maxBytes ?? 4 * 2 ** 30
  const segmentBytes = Math.min(options.segmentBytes ?? 64 * 2 ** 20, 2 ** 32 - 1)
  if (!(maxBytes > 0)) throw new BaseError(`Cache size: expected a number of bytes > 0 (got ${maxBytes})`)
  try {
    mkdirSync(dir, { recursive: true })
  } catch (cause) {
    throw new BaseError(`Cannot create the cache folder ${dir}`, { details: (cause as Error).message, cause })
  }

  const segments: Segment[] = []
  const byName = new Map<string, number>()
  /** First 16 bytes of the key (latin1) → segment number × 2^32 + entry offset in the data file. */
  const index = new Map<string, number>()
  let writer: { seg: number; dataFd: number; indexFd: number; size: number } | undefined
  let lastRefresh = 0
  let closed = false
  const short = (key: Buffer) => key.toString('latin1', 0, 16)

  const dataFd = (seg: Segment): number | undefined => {
    if (seg.fd !== undefined) return seg.fd
    try {
      seg.fd = openSync(join(dir, seg.name + DATA), 'r')
    } catch {
      return undefined // deleted by another process's bound
    }
    return seg.fd
  }

  /** Reads index entries of every segment past what was already read; new segments are added. */
  function refresh(): void {
    lastRefresh = performance.now()
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const file of names) {
      if (!file.endsWith(INDEX)) continue
      const name = file.slice(0, -INDEX.length)
      let n = byName.get(name)
      if (n === undefined) {
        n = segments.length
        segments.push({ name, fd: undefined, indexRead: 0, own: false })
        byName.set(name, n)
      }
      const seg = segments[n]!
      if (seg.own) continue
      let fd: number
      try {
        fd = openSync(join(dir, file), 'r')
      } catch {
        continue
      }
      try {
        const size = fstatSync(fd).size
        const whole = Math.floor((size - seg.indexRead) / ENTRY) * ENTRY
        if (whole <= 0) continue
        const buf = Buffer.allocUnsafe(whole)
        const got = readSync(fd, buf, 0, whole, seg.indexRead)
        for (let at = 0; at + ENTRY <= got; at += ENTRY) {
          const offset = buf.readUInt32LE(at + 16)
          index.set(buf.toString('latin1', at, at + 16), n * 2 ** 32 + offset)
        }
        seg.indexRead += Math.floor(got / ENTRY) * ENTRY
      } finally {
        closeSync(fd)
      }
    }
  }

  /** Deletes the oldest segments (by name: time-prefixed) while the folder holds more than maxBytes. */
  function bound(): void {
    let files: { name: string; bytes: number }[] = []
    try {
      for (const file of readdirSync(dir)) {
        if (!file.endsWith(DATA)) continue
        const name = file.slice(0, -DATA.length)
        let bytes = 0
        try {
          bytes = statSync(join(dir, file)).size + statSync(join(dir, name + INDEX)).size
        } catch {}
        files.push({ name, bytes })
      }
    } catch {
      return
    }
    files = files.sort((a, b) => a.name.localeCompare(b.name))
    let total = files.reduce((s, f) => s + f.bytes, 0)
    for (const f of files) {
      if (total <= maxBytes) break
      const n = byName.get(f.name)
      if (n !== undefined && writer?.seg === n) continue
      for (const ext of [INDEX, DATA]) {
        try {
          unlinkSync(join(dir, f.name + ext))
        } catch {}
      }
      total -= f.bytes
      if (n !== undefined) {
        const seg = segments[n]!
        if (seg.fd !== undefined) closeSync(seg.fd)
        seg.fd = undefined
        for (const [k, loc] of index) if (Math.floor(loc / 2 ** 32) === n) index.delete(k)
      }
    }
  }

  function startSegment(): void {
    if (writer) {
      closeSync(writer.indexFd)
      segments[writer.seg]!.fd = writer.dataFd // kept open for reads
    }
    // Time first, so names sort oldest first; pid and random bytes keep concurrent writers apart.
    const name = `seg-${Date.now().toString().padStart(14, '0')}-${process.pid}-${randomBytes(3).toString('hex')}`
    const dFd = openSync(join(dir, name + DATA), 'a+')
    const iFd = openSync(join(dir, name + INDEX), 'a')
    const n = segments.length
    segments.push({ name, fd: dFd, indexRead: 0, own: true })
    byName.set(name, n)
    writer = { seg: n, dataFd: dFd, indexFd: iFd, size: 0 }
    bound()
  }

  function read(loc: number, key: Buffer): Buffer | undefined {
    const seg = segments[Math.floor(loc / 2 ** 32)]!
    const offset = loc % 2 ** 32
    const fd = dataFd(seg)
    if (fd === undefined) return undefined
    const head = Buffer.allocUnsafe(4)
    if (readSync(fd, head, 0, 4, offset) !== 4) return undefined
    const length = head.readUInt32LE(0)
    if (length < HEAD || length > 2 ** 31) return undefined
    const rec = Buffer.allocUnsafe(length - 4)
    if (readSync(fd, rec, 0, rec.length, offset + 4) !== rec.length) return undefined
    const body = rec.subarray(4)
    if (crc32(body) !== rec.readUInt32LE(0) || !body.subarray(0, 32).equals(key)) return undefined
    return Buffer.from(body.subarray(32))
  }

  refresh()
  bound()

  return {
    dir,
    get(key) {
      let loc = index.get(short(key))
      if (loc === undefined && performance.now() - lastRefresh > 500) {
        refresh()
        loc = index.get(short(key))
      }
      if (loc === undefined) return undefined
      const value = read(loc, key)
      if (value === undefined) index.delete(short(key))
      return value
    },
    put(key, value) {
      if (closed || key.length !== 32) return
      if (index.has(short(key))) return
      if (!writer || writer.size >= segmentBytes) startSegment()
      const w = writer!
      // Record: total length (u32), crc32 (u32) of key ‖ value, key, value.
      const record = Buffer.allocUnsafe(HEAD + value.length)
      record.writeUInt32LE(record.length, 0)
      key.copy(record, 8)
      value.copy(record, 8 + 32)
      record.writeUInt32LE(crc32(record.subarray(8)), 4)
      const offset = w.size
      if (offset + record.length > 2 ** 32 - 1) return
      writeSync(w.dataFd, record)
      w.size += record.length
      const entry = Buffer.allocUnsafe(ENTRY)
      key.copy(entry, 0, 0, 16)
      entry.writeUInt32LE(offset, 16)
      entry.writeUInt32LE(record.length, 20)
      writeSync(w.indexFd, entry)
      index.set(short(key), w.seg * 2 ** 32 + offset)
    },
    stats() {
      let bytes = 0
      try {
        for (const file of readdirSync(dir)) if (file.endsWith(DATA) || file.endsWith(INDEX)) bytes += statSync(join(dir, file)).size
      } catch {}
      return { entries: index.size, bytes }
    },
    close() {
      if (closed) return
      closed = true
      if (writer) closeSync(writer.indexFd)
      for (const seg of segments) if (seg.fd !== undefined) closeSync(seg.fd)
      writer = undefined
    },
  }
}
