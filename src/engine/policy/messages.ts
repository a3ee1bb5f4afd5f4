import { mayAdminister, type PolicyPerson } from "./subject.ts";

// Who may read messages: in-app notifications, the outbox of emails, the demo mailbox.

/**
 * A person reads their own messages, and only while active. A message is written once for each
 * person who should hear (its key names the recipient), so work for a role inbox or an absent
 * colleague reaches the inbox's members or the delegate as messages of their own; a delegate
 * never reads, or marks as read, the messages waiting for the colleague they cover.
 */
export function mayReadMessage(person: PolicyPerson, message: { recipientPersonId: string }) {
  return person.active && message.recipientPersonId === person.id;
}

/**
 * Administrators read every email of their partnership, with how its sending went, and may try
 * a failed one again: messages hold no child details (see src/db/schema.ts `messages`).
 */
export function mayReadOutbox(person: PolicyPerson): boolean {
  return mayAdminister(person);
}

/**
 * In demo mode, where nothing is real and no email is sent, everyone signed in reads the emails
 * of their partnership as the demo mailbox. Outside demo mode there is no demo mailbox.
 */
export function mayReadDemoMailbox(person: PolicyPerson, demoMode: boolean): boolean {
  return demoMode && person.active;
}
