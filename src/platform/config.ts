import { z } from 'zod';

/** Environment variables the server understands, with defaults for one machine (docs/design.md §10). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, 'must start with sqlite: or mysql://')
    .default('sqlite:data/yangguang.sqlite'),
  STORAGE_DIR: z.string().min(1).default('data/blobs'),
  KEYS_DIR: z.string().min(1).default('data/keys'),
  /**
   * Where the public reaches this platform: the base of links in notices and OCDS data (stored, so fixed).
   * Unset, it is this machine on PORT (see loadConfig), so links work on a laptop started on another port.
   */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+(\/[^\s]*[^/\s])?$/, 'an http(s) URL without a trailing slash')
    .optional(),
  /** The platform's name as notices and OCDS packages print it. */
  PLATFORM_NAME: z.string().trim().min(2).max(100).default('阳光电子招标投标交易平台'),
  /** The publisher's OCDS prefix (registered with the Open Contracting Partnership); ocid = prefix + tender code. */
  OCDS_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}-$/, 'ocds- then 6 letters or digits then -')
    .default('ocds-yg0000-'),
  /** How long an anonymous reader's notice-feed page is served from memory; 0 turns the microcache off. */
  FEED_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: z.string().url().optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  REGISTRATIONS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(100),
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Demo only: run the demo custodians' agents inside the server (unset: follows SEED_DEMO). */
  DEMO_CUSTODIAN_AGENTS: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
  /** Largest tender document (招标文件) accepted, in MiB (413 above). */
  DOCUMENT_MAX_MB: z.coerce.number().int().min(1).max(10_240).default(50),
  /** Largest sealed bid (the whole sealed file) accepted, in MiB (413 above). */
  BID_MAX_MB: z.coerce.number().int().min(1).max(102_400).default(1024),
  /** Document downloads per address per minute: downloads are free and anonymous (EB Art.20), each one a row. */
  DOWNLOADS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Experts with a lower credit score (0-100, from ratings) are not drawn. */
  EXPERT_MIN_CREDIT: z.coerce.number().int().min(0).max(100).default(50),
  /** An expert drawn for a tenderee is not drawn for it again within this many days (0: off). */
  EXPERT_COOLDOWN_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Minutes a drawn expert has to confirm before the seat is redrawn (a draw request may set its own). */
  EXPERT_RESPOND_MINUTES: z.coerce.number().int().min(5).max(10_080).default(120),
  /** Largest expert or catalog CSV import, in KiB (413 above). */
  EXPERT_IMPORT_MAX_KB: z.coerce.number().int().min(1).max(102_400).default(8192),
  /** Minutes after the opening time that key shares and bidders' own keys are awaited (EB Art.31). */
  OPENING_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Seconds between a running opening's looks for newly released shares. */
  OPENING_POLL_SECONDS: z.coerce.number().int().min(1).max(300).default(2),
  /** Hours after an evaluation concludes that members have to sign its report (PB Art.42); the silent then agree. */
  REPORT_SIGNING_HOURS: z.coerce.number().int().min(1).max(720).default(24),
});

export type Config = Omit<z.infer<typeof envSchema>, 'PUBLIC_URL'> & { PUBLIC_URL: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const { PUBLIC_URL, ...config } = parsed.data;
  return { ...config, PUBLIC_URL: PUBLIC_URL ?? `http://localhost:${config.PORT}` };
}
