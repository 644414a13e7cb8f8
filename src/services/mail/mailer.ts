import nodemailer from 'nodemailer';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Files sent with the message (a usage report's PDF and XLSX). */
  readonly attachments?: readonly MailAttachment[];
}

export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** Sends one plain-text message (with its attachments); rejects when the server did not take it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  readonly url: string;
  /** The sender, e.g. "Gerbang Dukcapil Purbalingga <gerbang@dukcapil.purbalinggakab.go.id>". */
  readonly from: string;
}

/**
 * SMTP through nodemailer, one connection per message (a few messages a day). Short
 * timeouts: a dead mail server must not hold a reminder run for minutes.
 */
export function createMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport(
    {
      url: settings.url,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    },
    { from: settings.from },
  );
  return {
    async send(message) {
      await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        textEncoding: 'quoted-printable',
        ...(message.attachments
          ? {
              attachments: message.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
              })),
            }
          : {}),
      });
    },
    close: () => transport.close(),
  };
}

/**
 * What may be logged of a failed send: the error's code and the server's reply code, never
 * its message (nodemailer quotes addresses and the server's reply in it).
 */
export function mailFailure(error: unknown): string {
  const e = error as {
    code?: unknown;
    originalCode?: unknown;
    responseCode?: unknown;
    name?: unknown;
  };
  const parts = [
    typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'Error',
  ];
  // ESOCKET and the like carry the system's own code (ECONNREFUSED, ETIMEDOUT) beside them.
  if (typeof e.originalCode === 'string' && e.originalCode !== e.code) parts.push(e.originalCode);
  if (typeof e.responseCode === 'number') parts.push(`SMTP ${e.responseCode}`);
  return parts.join(', ');
}
