// The Mailer port: how Resolve sends an email, whatever carries it (SMTP today).

/** One plain-text email. Never put details of a child in one. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Sends the message, or fails. */
  send(message: MailMessage): Promise<void>;
}

/** The part of a pino logger (fastify's `request.log`) the unsent mailer needs. */
export interface WarningLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Used when no mail is set up (no SMTP_URL): nothing is sent, and the log says so. The message
 * itself is not logged: it may hold a link that signs someone in.
 */
export function unsentMailer(log: WarningLog): Mailer {
  return {
    send: async (message) => {
      log.warn(
        { subject: message.subject },
        "An email was not sent: no mail is set up. Set SMTP_URL and MAIL_FROM to send emails",
      );
    },
  };
}
