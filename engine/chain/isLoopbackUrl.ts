/**
 * True for a plain-HTTP URL on this machine (`http://127.0.0.1:8545`, `http://localhost:…`, `http://[::1]:…`):
 * a local node, reached without TLS, whose state is not worth caching on disk.
 */
export function isLoopbackUrl(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol !== 'http:') return false
  const host = u.hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}
