import { NotifyClient } from "notifications-node-client";
import type { NotifyConfig } from "../config.ts";
import { SendError, type Sender } from "./sender.ts";

/**
 * Sends through GOV.UK Notify with one email template, or one per kind of message (see README:
 * the template's subject is ((subject)) and its body ((body)) then ((link))). Each email's
 * reference is handed to Notify, so an email whose outcome was lost can be looked up by it.
 */
export function notifySender(config: NotifyConfig): Sender {
  const client = new NotifyClient(config.baseUrl, config.apiKey);
  return {
    name: "GOV.UK Notify",
    send: async (email) => {
      const templateId = config.templateIds[email.kind] ?? config.templateId;
      try {
        const response = await client.sendEmail(templateId, email.to, {
          personalisation: { subject: email.subject, body: email.body, link: email.link ?? "" },
          ...(email.reference === null ? {} : { reference: email.reference }),
        });
        return { providerReference: response.data.id };
      } catch (error) {
        throw notifyError(error);
      }
    },
    findSent: async (reference) => {
      try {
        const response = await client.getNotifications("email", undefined, reference);
        const [found] = response.data.notifications;
        return found === undefined ? null : { providerReference: found.id };
      } catch (error) {
        throw notifyError(error);
      }
    },
  };
}

interface NotifyFailure {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

/**
 * Notify's own words for a failure. A 400 is the email itself refused (a bad address, a missing
 * placeholder, a team-only key): sending it again cannot succeed. Anything else (a bad key, the
 * rate limit, Notify down, no answer) may pass.
 */
function notifyError(error: unknown): SendError {
  const failure = (error ?? {}) as NotifyFailure;
  const status = failure.response?.status;
  if (status === undefined) {
    return new SendError(
      `GOV.UK Notify did not answer: ${failure.message ?? String(error)}`,
      false,
      {
        cause: error,
      },
    );
  }
  const reasons = (failure.response?.data?.errors ?? [])
    .map((reason) => `${reason.error ?? "Error"}: ${reason.message ?? ""}`)
    .join("; ");
  return new SendError(
    `GOV.UK Notify answered ${status}${reasons === "" ? "" : `: ${reasons}`}`,
    status === 400,
    { cause: error },
  );
}
