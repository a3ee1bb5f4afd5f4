import nodemailer from "nodemailer";
import type { MailConfig } from "../config.ts";
import type { Mailer } from "./mailer.ts";

/** Sends through the SMTP server of SMTP_URL (smtps:// for TLS from the start), from MAIL_FROM. */
export function smtpMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    send: async (message) => {
      await transport.sendMail({ from: config.from, ...message });
    },
  };
}
