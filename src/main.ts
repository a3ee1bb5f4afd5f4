// `npm start`. Until the web service arrives (the next piece of work), it reports what the
// engine has loaded, and fails if a shipped procedure definition does not pass its checks.
import { loadProcedureLibrary, officialHolidays } from "./app/procedures.ts";
import { engineStatus } from "./app/status.ts";

const status = engineStatus(loadProcedureLibrary(), officialHolidays());
for (const line of status.lines) process.stdout.write(`${line}\n`);
if (status.errors.length > 0) {
  process.stderr.write(`\nDefinition errors in procedures/:\n${status.errors.join("\n")}\n`);
  process.exitCode = 1;
}
