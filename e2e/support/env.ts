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
  get logDir(): string {
    return required('CG_LOG_DIR');
  },
};
