import { host } from '../services/config';

/** Where the sender delivers and what it writes in each e-mail; environment variables win. */
export interface MailConfig {
  /** smtp://host:port (ARSHJUL_SMTP_URL); locally Mailpit. */
  smtpUrl: string;
  /** The sender address (ARSHJUL_MAIL_FROM). */
  from: string;
  /** Where people open arshjul, for the link to the task (ARSHJUL_PUBLIC_URL). */
  publicUrl: string;
}

export const mailPorts = {
  smtp: portFromEnv('ARSHJUL_MAIL_SMTP_PORT', 11025),
  web: portFromEnv('ARSHJUL_MAIL_WEB_PORT', 18025),
};

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a TCP port, got '${raw}'`);
  return port;
}

/** Mailpit's web interface and API (local development). */
export const mailpitWebUrl = () => `http://${host}:${mailPorts.web}`;

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  return {
    smtpUrl: env.ARSHJUL_SMTP_URL || `smtp://${host}:${mailPorts.smtp}`,
    from: env.ARSHJUL_MAIL_FROM || 'Årshjulet <arshjul@localhost>',
    publicUrl: (env.ARSHJUL_PUBLIC_URL || `http://${host}:${env.ARSHJUL_API_PORT || 8080}`).replace(
      /\/$/,
      '',
    ),
  };
}
