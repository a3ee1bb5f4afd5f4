// A real SMTP server for tests, on a free port of 127.0.0.1: Resolve's SMTP adapter sends to it
// as it would to any, and the test reads what arrived.
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface MailServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Every message received so far, parsed. */
  received: ParsedMail[];
  /** The next message to arrive (or the first not yet taken), failing after `timeoutMs`. */
  nextMessage(timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export interface MailServerOptions {
  /** Addresses the server refuses, as a real one refuses a mailbox that does not exist (550). */
  refuses?: (address: string) => boolean;
}

export async function startMailServer(options: MailServerOptions = {}): Promise<MailServer> {
  const received: ParsedMail[] = [];
  let taken = 0;
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuses?.(address.address) !== true) return callback();
      callback(Object.assign(new Error("No such mailbox here"), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((message) => {
          received.push(message);
          for (const wake of waiting.splice(0)) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;

  const nextMessage = async (timeoutMs = 10_000): Promise<ParsedMail> => {
    const deadline = Date.now() + timeoutMs;
    while (received.length <= taken) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No email arrived within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const message = received[taken] as ParsedMail;
    taken += 1;
    return message;
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    nextMessage,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
