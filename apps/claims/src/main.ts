import { runService } from '@claimguard/service-kit';
import { createClaimsApp } from './app.js';
import { loadClaimsConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

await runService({ name: SERVICE_NAME, loadConfig: loadClaimsConfig, createApp: createClaimsApp });
