export type ElectronLocation = { ok: true; executablePath: string; version: string } | { ok: false; reason: string };
export function locateElectron(fromDir?: string): ElectronLocation;
