import { isIP } from "node:net";
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
  /** Email by SMTP; null unless SMTP_URL is set. */
  mail: MailConfig | null;
  /** Email by GOV.UK Notify; null unless NOTIFY_API_KEY is set. One of the two at most. */
  notify: NotifyConfig | null;
  /**
   * Whether this server runs the background jobs (sending emails, …) itself. Off for deployments
   * that run them in separate `resolve worker` processes instead.
   */
  jobs: boolean;
  /**
   * The proxies in front of Resolve whose X-Forwarded-For it believes, for the client's address
   * (which rate limits count by): false for none, a number of hops, or their addresses.
   */
  trustProxy: false | number | string[];
}

export interface MailConfig {
  /** smtp:// or smtps://, with any user and password in it. */
  smtpUrl: string;
  /** The From of every message, e.g. "Resolve <resolve@partnership.example>". */
  from: string;
}

export interface NotifyConfig {
  /** The API key: its name, the service id and the secret, joined by hyphens. */
  apiKey: string;
  /** Notify's API; another address only for a stand-in (tests) or a proxy. */
  baseUrl: string;
  /** The email template every message uses, unless its kind has one of its own. */
  templateId: string;
  /** Templates of their own for some kinds of message, by kind. */
  templateIds: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {}

const DEMO_PROCEDURES = ["dorset", "northamptonshire", "suffolk", "city-and-hackney", "sefton"];
const NOTIFY_API = "https://api.notifications.service.gov.uk";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

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
  const notify = notifyConfig(env, problems);
  if (notify !== null && smtpUrl !== null) {
    problems.push(
      "Set NOTIFY_API_KEY or SMTP_URL, not both: emails go through GOV.UK Notify or through SMTP",
    );
  }
  if (production && (smtpUrl !== null || notify !== null) && !env.RESOLVE_PUBLIC_URL?.trim()) {
    problems.push(
      `RESOLVE_PUBLIC_URL is required in production with ${smtpUrl === null ? "NOTIFY_API_KEY" : "SMTP_URL"}: emailed links must lead to Resolve`,
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
    notify,
    jobs: flag("RESOLVE_JOBS", true),
    trustProxy: trustProxyOf(env.RESOLVE_TRUST_PROXY?.trim() ?? "", problems),
  };
  if (problems.length > 0)
    throw new ConfigError(`Resolve cannot start:\n  ${problems.join("\n  ")}`);
  return config;
}

/**
 * RESOLVE_TRUST_PROXY: empty for none, the number of proxies in front of Resolve (1 to 10), or
 * their addresses or ranges, separated by commas (e.g. 10.0.0.0/8). Never every address: then
 * anyone could name the address that rate limits count, by sending X-Forwarded-For.
 */
function trustProxyOf(raw: string, problems: string[]): Config["trustProxy"] {
  if (raw === "" || raw === "false") return false;
  const addresses = raw.split(",").map((part) => part.trim());
  const isRange = (address: string) => {
    const [ip = "", prefix, ...rest] = address.split("/");
    const version = isIP(ip);
    if (version === 0 || rest.length > 0) return false;
    return (
      prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128))
    );
  };
  const hops = /^\d+$/.test(raw) ? Number(raw) : null;
  if (hops !== null && hops >= 1 && hops <= 10) return hops;
  if (hops === null && addresses.every(isRange)) return addresses;
  problems.push(
    `RESOLVE_TRUST_PROXY must be the number of proxies in front of Resolve (1 to 10) or their addresses, separated by commas, not "${raw}"`,
  );
  return false;
}

/** GOV.UK Notify's settings, when NOTIFY_API_KEY is set; each problem added to `problems`. */
function notifyConfig(env: NodeJS.ProcessEnv, problems: string[]): NotifyConfig | null {
  const apiKey = env.NOTIFY_API_KEY?.trim() || null;
  const templateId = env.NOTIFY_TEMPLATE_ID?.trim().toLowerCase() || null;
  const templates = env.NOTIFY_TEMPLATE_IDS?.trim() || null;
  const baseUrl = (env.NOTIFY_BASE_URL?.trim() || NOTIFY_API).replace(/\/+$/, "");
  if (apiKey === null) {
    for (const name of ["NOTIFY_TEMPLATE_ID", "NOTIFY_TEMPLATE_IDS", "NOTIFY_BASE_URL"]) {
      if (env[name]?.trim()) problems.push(`${name} is set without NOTIFY_API_KEY`);
    }
    return null;
  }
  // The key is a secret: problems name it, never repeat it.
  if (!new RegExp(`^.+-${UUID}-${UUID}$`, "i").test(apiKey)) {
    problems.push(
      "NOTIFY_API_KEY must be a GOV.UK Notify API key: its name, service id and secret key joined by hyphens",
    );
  }
  if (templateId === null) {
    problems.push("NOTIFY_TEMPLATE_ID is required with NOTIFY_API_KEY: the email template to use");
  } else if (!new RegExp(`^${UUID}$`, "i").test(templateId)) {
    problems.push(
      `NOTIFY_TEMPLATE_ID must be a template id from GOV.UK Notify, not "${templateId}"`,
    );
  }
  const templateIds: Record<string, string> = {};
  for (const pair of (templates ?? "").split(",").filter((part) => part.trim() !== "")) {
    const [, kind, id] = /^\s*([a-z][a-z0-9-]*)\s*=\s*(\S+)\s*$/i.exec(pair) ?? [];
    if (kind === undefined || id === undefined) {
      problems.push(
        `NOTIFY_TEMPLATE_IDS must be kind=template id pairs split by commas, not "${pair}"`,
      );
    } else if (!new RegExp(`^${UUID}$`, "i").test(id)) {
      problems.push(`NOTIFY_TEMPLATE_IDS gives "${kind}" "${id}", which is not a template id`);
    } else {
      templateIds[kind.toLowerCase()] = id.toLowerCase();
    }
  }
  // Requests carry a token signed with the key: over plain http only to this machine.
  if (!/^(https:\/\/[^/?#\s]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?)$/.test(baseUrl)) {
    problems.push(
      "NOTIFY_BASE_URL must be an https:// address with no path (http:// only to localhost)",
    );
  }
  return { apiKey, baseUrl, templateId: templateId ?? "", templateIds };
}
