import { runService } from '@claimguard/service-kit';
import { createRentalApp } from './app.js';
import { loadRentalConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

await runService({ name: SERVICE_NAME, loadConfig: loadRentalConfig, createApp: createRentalApp });
