import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes the next SQL migration in src/db/migrations from src/db/schema.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./src/db/migrations",
});
