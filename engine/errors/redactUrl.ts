/**
 * Returns a URL safe to print: user info, query string and any path segment that looks like an API key
 * are replaced, so RPC URLs with keys never reach logs, DuckDB or error messages.
 *
 * @example redactUrl('https://eth-mainnet.g.alchemy.com/v2/abcdef0123456789abcdef') // 'https://eth-mainnet.g.alchemy.com/v2/***'
 */
export function redactUrl(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return '<invalid url>'
  }
  if (u.username || u.password) {
    u.username = '***'
    u.password = ''
  }
  if (u.search) u.search = '?***'
  u.pathname = u.pathname
    .split('/')
    .map((seg) => (/^[A-Za-z0-9_-]{16,}$/.test(seg) ? '***' : seg))
    .join('/')
  return u.toString().replace(/%2A/g, '*')
}
