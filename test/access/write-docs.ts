// npm run docs:access — writes docs/access.md from the access table.
import { writeFileSync } from "node:fs";
import { accessMarkdown } from "./matrix.ts";

writeFileSync(new URL("../../docs/access.md", import.meta.url), accessMarkdown());
