import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { text } from "node:stream/consumers";

/**
 * Reads a secret from standard input: piped (`printf '%s' "$PASSWORD" | resolve …`) it is all of
 * standard input, less its final line break; typed at a terminal it is one line, not shown as it
 * is typed. Undefined when standard input is empty.
 */
export async function readSecret(prompt: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) {
    const input = (await text(process.stdin)).replace(/\r?\n$/, "");
    return input === "" ? undefined : input;
  }
  process.stderr.write(prompt);
  // Nothing typed is echoed: readline writes to a stream that drops it.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    const line = await new Promise<string>((resolve) => lines.once("line", resolve));
    process.stderr.write("\n");
    return line === "" ? undefined : line;
  } finally {
    lines.close();
  }
}
