export function buildRenderer(): Promise<void>;
export function buildElectron(): Promise<void>;
