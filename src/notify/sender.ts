// The Sender port: how Resolve sends an email, whatever carries it (GOV.UK Notify or SMTP). The
// settings choose one (`senderFor` in src/app/services.ts); with neither there is no sender, and
// messages stay in the outbox.

/**
 * One plain-text email: a subject, a body and a link. Never put details of a child in one: it
 * says only that there is something to look at, and the link leads to it behind sign-in.
 */
export interface Email {
  to: string;
  subject: string;
  body: string;
  /** An absolute address, e.g. https://resolve.example/escalations/…, or null for none. */
  link: string | null;
  /** What kind of message it is, e.g. "reminder": GOV.UK Notify may have a template for it. */
  kind: string;
  /** Our id for this email, handed to the provider so the two can be matched; null for none. */
  reference: string | null;
}

/** What the provider said when it took an email. */
export interface Sent {
  /** Its own id for the email, when it gives one. */
  providerReference: string | null;
}

export interface Sender {
  /** Names the service in messages for people running Resolve, e.g. "GOV.UK Notify". */
  readonly name: string;
  /** Hands the email over, or fails (a `SendError` when it says whether to try again). */
  send(email: Email): Promise<Sent>;
  /**
   * Asks the provider whether it already has an email with this reference: one an earlier
   * attempt handed over without learning the answer. Only providers that can look emails up by
   * reference have this.
   */
  findSent?(reference: string): Promise<Sent | null>;
}

/** A failure to send that says whether trying the same email again could succeed. */
export class SendError extends Error {
  /** True when the provider refused the email itself (say, a bad address): never retry it. */
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = "SendError";
    this.permanent = permanent;
  }
}

/** The plain text of an email: its body, then its link on a line of its own. */
export function plainText(email: Pick<Email, "body" | "link">): string {
  return email.link === null ? email.body : `${email.body}\n\n${email.link}`;
}

/** The part of a pino logger (fastify's `request.log`) the unsent sender needs. */
export interface WarningLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Stands in when no email is set up: nothing is sent, and the log says so. The email itself is
 * not logged: it may hold a link that signs someone in.
 */
export function unsentSender(log: WarningLog): Sender {
  return {
    name: "no email",
    send: async (email) => {
      log.warn(
        { subject: email.subject },
        "An email was not sent: no mail is set up. Set NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID, or SMTP_URL and MAIL_FROM, to send emails",
      );
      return { providerReference: null };
    },
  };
}

/** A line for whoever starts Resolve: which way emails go. */
export function emailStatus(sender: Sender | null): string {
  return sender === null
    ? "Email: none set up, so emails wait in the outbox for administrators to read (set NOTIFY_API_KEY or SMTP_URL to send them)"
    : `Email: through ${sender.name}`;
}
