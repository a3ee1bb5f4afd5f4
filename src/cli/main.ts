import { run } from "./run.ts";
import { readSecret } from "./secret.ts";

process.exitCode = await run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readSecret,
});
