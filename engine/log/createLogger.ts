import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * Structured JSON logs (one object per event) on stderr, so stdout stays for the CLI's human output.
 * Fields that may carry secrets are redacted whatever their nesting.
 *
 * @example
 * const log = createLogger({ name: 'backtest' })
 * log.info({ block: 123n, opportunities: 2 }, 'block processed')
 */
export function createLogger(options: { name: string; level?: string } = { name: 'arb' }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.ARB_LOG_LEVEL ?? 'info',
      redact: {
        paths: ['privateKey', '*.privateKey', 'rpcUrl', '*.rpcUrl', 'forkUrl', '*.forkUrl', 'password', '*.password', 'key', '*.key'],
        censor: '[redacted]',
      },
      serializers: { err: pino.stdSerializers.err },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // bigint is not JSON; log it as a decimal string.
        logMethod(args, method) {
          if (args[0] && typeof args[0] === 'object') {
            args[0] = JSON.parse(JSON.stringify(args[0], (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
          }
          return method.apply(this, args as Parameters<typeof method>)
        },
      },
    },
    pino.destination(2),
  )
}
