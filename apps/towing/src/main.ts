import { runService } from '@claimguard/service-kit';
import { createTowingApp } from './app.js';
import { loadTowingConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

await runService({ name: SERVICE_NAME, loadConfig: loadTowingConfig, createApp: createTowingApp });
