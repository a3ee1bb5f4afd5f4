import nodemailer from "nodemailer";
import type { MailConfig } from "../config.ts";
import { plainText, SendError, type Sender } from "./sender.ts";

/**
 * Sends through the SMTP server of SMTP_URL (smtps:// for TLS from the start), from MAIL_FROM.
 * An email with a reference gets a Message-ID made from it, so if one is ever sent twice (see
 * src/jobs/dispatcher.ts) mail clients can tell the copies are the same message.
 */
export function smtpSender(config: MailConfig): Sender {
  // Nodemailer waits up to 10 minutes on a silent server; a dispatcher should hear sooner.
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  const domain = /@([^\s@>]+)>?\s*$/.exec(config.from)?.[1] ?? "resolve.invalid";
  return {
    name: "SMTP",
    send: async (email) => {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: email.to,
          subject: email.subject,
          text: plainText(email),
          ...(email.reference === null ? {} : { messageId: `<${email.reference}@${domain}>` }),
        });
        return { providerReference: info.messageId };
      } catch (error) {
        throw new SendError(messageOf(error), refusedRecipient(error), { cause: error });
      }
    },
  };
}

/** The server refused the address itself (a 5xx reply to RCPT TO): trying again will not help. */
function refusedRecipient(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return code === "EENVELOPE" && typeof responseCode === "number" && responseCode >= 500;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
