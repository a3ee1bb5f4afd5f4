// Run as a child process by test/integration/dispatcher-concurrency.test.ts: dispatches the
// outbox of a database through SMTP, and kills itself with SIGKILL just before its next send
// once it has sent `sends` emails — mid-batch, holding claims, with no chance to tidy up.
// Arguments: the database (JSON: { url, schema } or { dataDir }), the SMTP URL, `sends`.
import { openDatabase } from "../../src/db/client.ts";
import { dispatch } from "../../src/jobs/dispatcher.ts";
import type { Sender } from "../../src/notify/sender.ts";
import { smtpSender } from "../../src/notify/smtp.ts";
import { recordingLog } from "./log.ts";

const [target = "", smtpUrl = "", limit = ""] = process.argv.slice(2);
const database = await openDatabase(JSON.parse(target));
const smtp = smtpSender({ smtpUrl, from: "Resolve <resolve@partnership.example>" });
let sent = 0;
const sender: Sender = {
  name: smtp.name,
  send: async (email) => {
    if (sent === Number(limit)) process.kill(process.pid, "SIGKILL");
    const outcome = await smtp.send(email);
    sent += 1;
    return outcome;
  },
};
const now = () => new Date().toISOString();
await dispatch(
  { db: database.db, sender, now, config: { publicUrl: "https://resolve.partnership.example" } },
  now(),
  { log: recordingLog(), signal: new AbortController().signal },
);
process.stderr.write("The dispatcher finished without being killed\n");
process.exitCode = 1;
