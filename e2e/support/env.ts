/** Where the stack under test lives; set by scripts/e2e.mjs. */
function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the suite with \`pnpm test:e2e\` (scripts/e2e.mjs)`);
  return value;
}

export const env = {
  get gateway(): string {
    return required('CG_GATEWAY_URL');
  },
  get identity(): string {
    return required('CG_IDENTITY_URL');
  },
  get claims(): string {
    return required('CG_CLAIMS_URL');
  },
  get towing(): string {
    return required('CG_TOWING_URL');
  },
  get keysDir(): string {
    return required('CG_KEYS_DIR');
  },
  get repair(): string {
    return required('CG_REPAIR_URL');
  },
  get rental(): string {
    return required('CG_RENTAL_URL');
  },
  /** The broker's bootstrap list: the position of an attacker inside the network. */
  get kafkaBrokers(): string[] {
    return required('CG_KAFKA_BROKERS').split(',');
  },
  /** The services' event-signing keys (a compromised service's key is in an attacker's hands). */
  get eventKeysDir(): string {
    return required('CG_EVENT_KEYS_DIR');
  },
  get logDir(): string {
    return required('CG_LOG_DIR');
  },
  /** Each app's internal Prometheus endpoint by app name (every app but the web app). */
  get metricsUrls(): Record<string, string> {
    return JSON.parse(required('CG_METRICS_URLS')) as Record<string, string>;
  },
  /** The web app (BFF) as browsers reach it, e.g. `http://localhost:13000`. */
  get web(): string {
    return required('CG_WEB_URL');
  },
};
