import { type Services, servicesOn } from "../../src/app/services.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { testDatabase } from "./database.ts";

/**
 * The real services on a fresh test database (PGlite, or PostgreSQL when DATABASE_URL is set).
 * Override anything, e.g. `{ now: () => clock }` to control time. Close it in `after`.
 */
export async function testServices(
  config: Partial<Config> = {},
  overrides: Partial<Services> = {},
): Promise<Services> {
  const database = await testDatabase();
  // Tests sign in far more often than people do, and move their clocks on by days between
  // requests: the sign-in rate limit and idle expiry are tested on their own.
  const defaults = {
    ...loadConfig({}),
    databaseUrl: null,
    signInRateLimit: 100_000,
    sessionIdleMinutes: 366 * 24 * 60,
  };
  const services = await servicesOn(database, { ...defaults, ...config });
  return { ...services, ...overrides };
}
