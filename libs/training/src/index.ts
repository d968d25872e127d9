export * from './detections.js';
export * from './training-agent.js';
