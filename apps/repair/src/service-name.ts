/** This service's name: the party-token audience it accepts, its event source and its log name. */
export const SERVICE_NAME = 'repair';
