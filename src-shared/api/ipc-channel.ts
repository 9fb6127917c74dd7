/** The single IPC channel the Electron binding uses in both directions. */
export const IPC_CHANNEL = 'orrery:rpc';
