import { host, ports } from '../services/config';

/** Where the sender delivers and what it writes in each e-mail; environment variables win. */
export interface MailConfig {
  /** smtp://host:port (ARSHJUL_SMTP_URL); locally Mailpit. */
  smtpUrl: string;
  /** The sender address (ARSHJUL_MAIL_FROM). */
  from: string;
  /** Where people open arshjul, for the link to the task (ARSHJUL_PUBLIC_URL). */
  publicUrl: string;
}

/** Mailpit's web interface and API (local development). */
export const mailpitWebUrl = () => `http://${host}:${ports.mailWeb}`;

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  return {
    smtpUrl: env.ARSHJUL_SMTP_URL || `smtp://${host}:${ports.mailSmtp}`,
    from: env.ARSHJUL_MAIL_FROM || 'Årshjulet <arshjul@localhost>',
    publicUrl: (env.ARSHJUL_PUBLIC_URL || `http://${host}:${env.ARSHJUL_API_PORT || 8080}`).replace(
      /\/$/,
      '',
    ),
  };
}
