import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Secrets are redacted wherever they could appear; raw member ids are
 * never passed to the logger in the first place (log lines carry partnership ids and pseudonyms).
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      name: 'asesu',
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-slack-signature"]',
          'headers.authorization',
          '*.appPassword',
          '*.signingSecret',
          '*.botToken',
          '*.token',
          '*.password',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
