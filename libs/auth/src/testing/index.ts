export * from './jws-forgery.js';
