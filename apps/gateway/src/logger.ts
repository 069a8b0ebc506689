import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'gateway' },
    // Belt and braces: request logs never include headers, but a token must not
    // reach a log even if someone later logs a request object.
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
