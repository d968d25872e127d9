import { runService } from '@claimguard/service-kit';
import { createRepairApp } from './app.js';
import { loadRepairConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

await runService({ name: SERVICE_NAME, loadConfig: loadRepairConfig, createApp: createRepairApp });
