import { resolve } from "node:path";

/** Every setting Resolve reads from its environment, checked once at start. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  /** A PostgreSQL server; when absent, the embedded PGlite keeps its data in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Demo mode: seeds a demo partnership on first run and offers sign-in as any demo person. */
  demo: boolean;
  /** The procedure the demo partnership runs. */
  demoProcedure: string;
  /** Cookies marked Secure; browsers accept them from http://localhost too, so on by default. */
  secureCookies: boolean;
  /** Minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number;
}

export class ConfigError extends Error {}

const DEMO_PROCEDURES = ["dorset", "northamptonshire", "suffolk", "city-and-hackney", "sefton"];

/** Reads the settings from `env`, failing fast with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const production = env.NODE_ENV === "production";
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    if (["true", "1", "yes"].includes(raw)) return true;
    if (["false", "0", "no"].includes(raw)) return false;
    problems.push(`${name} must be true or false, not "${raw}"`);
    return fallback;
  };

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL must start with postgres:// or postgresql://");
  }
  const demo = flag("RESOLVE_DEMO", !production);
  const demoProcedure = env.RESOLVE_DEMO_PROCEDURE?.trim() || "dorset";
  if (!DEMO_PROCEDURES.includes(demoProcedure)) {
    problems.push(`RESOLVE_DEMO_PROCEDURE must be one of ${DEMO_PROCEDURES.join(", ")}`);
  }
  if (production && databaseUrl === null) {
    problems.push(
      "DATABASE_URL is required in production: the embedded database is for trying Resolve out",
    );
  }
  const config: Config = {
    production,
    port: integer("PORT", 3000, 0, 65535),
    host: env.HOST?.trim() || "localhost",
    databaseUrl,
    dataDir: resolve(env.RESOLVE_DATA_DIR?.trim() || "data/db"),
    demo,
    demoProcedure,
    secureCookies: flag("RESOLVE_SECURE_COOKIES", true),
    sessionIdleMinutes: integer("RESOLVE_SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
  };
  if (problems.length > 0)
    throw new ConfigError(`Resolve cannot start:\n  ${problems.join("\n  ")}`);
  return config;
}
