export function registerRegistryCommands(_program: unknown): void {}
