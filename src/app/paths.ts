import { fileURLToPath } from "node:url";

/** The project's own folders, wherever it is run from. */
export const paths = {
  root: fileURLToPath(new URL("../../", import.meta.url)),
  procedures: fileURLToPath(new URL("../../procedures/", import.meta.url)),
  schema: fileURLToPath(new URL("../../schemas/procedure.schema.json", import.meta.url)),
  bankHolidays: fileURLToPath(new URL("../../data/bank-holidays.json", import.meta.url)),
};
