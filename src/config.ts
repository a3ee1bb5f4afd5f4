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
  /**
   * Where people reach Resolve, e.g. https://resolve.dorset.example: for links in emails, and
   * the address single sign-on providers send people back to.
   */
  publicUrl: string;
  /** Sign-in, code and password reset forms one client address may send a minute. */
  signInRateLimit: number;
  /** Email by SMTP; null when no mail is set up, and messages are only logged as not sent. */
  mail: MailConfig | null;
}

export interface MailConfig {
  /** smtp:// or smtps://, with any user and password in it. */
  smtpUrl: string;
  /** The From of every message, e.g. "Resolve <resolve@partnership.example>". */
  from: string;
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
  const smtpUrl = env.SMTP_URL?.trim() || null;
  const mailFrom = env.MAIL_FROM?.trim() || null;
  if (smtpUrl !== null && !/^smtps?:\/\/[^/\s]/.test(smtpUrl)) {
    problems.push("SMTP_URL must start with smtp:// or smtps:// and name a server");
  }
  if (smtpUrl !== null && mailFrom === null) {
    problems.push("MAIL_FROM is required with SMTP_URL: the address emails come from");
  }
  if (production && smtpUrl !== null && !env.RESOLVE_PUBLIC_URL?.trim()) {
    problems.push(
      "RESOLVE_PUBLIC_URL is required in production with SMTP_URL: emailed links must lead to Resolve",
    );
  }
  const port = integer("PORT", 3000, 0, 65535);
  const publicUrl = (env.RESOLVE_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(
    /\/+$/,
    "",
  );
  if (!/^https?:\/\/[^/?#\s]+$/.test(publicUrl)) {
    problems.push("RESOLVE_PUBLIC_URL must be an http:// or https:// address with no path");
  }
  const config: Config = {
    production,
    port,
    host: env.HOST?.trim() || "localhost",
    databaseUrl,
    dataDir: resolve(env.RESOLVE_DATA_DIR?.trim() || "data/db"),
    demo,
    demoProcedure,
    secureCookies: flag("RESOLVE_SECURE_COOKIES", true),
    sessionIdleMinutes: integer("RESOLVE_SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
    publicUrl,
    signInRateLimit: integer("RESOLVE_SIGN_IN_RATE_LIMIT", 30, 1, 100_000),
    mail: smtpUrl === null || mailFrom === null ? null : { smtpUrl, from: mailFrom },
  };
  if (problems.length > 0)
    throw new ConfigError(`Resolve cannot start:\n  ${problems.join("\n  ")}`);
  return config;
}
