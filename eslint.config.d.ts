// Types of eslint.config.js (the repository's TypeScript does not read JavaScript), for tools/lint/lint-walls.test.ts.
type Wall = "appToServer" | "appToProviders" | "appToPrisma" | "routeToServer" | "apiTypesValues" | "providersWall" | "ociWall" | "ociEmulatorWitness" | "serverToApp" | "contract" | "unknownCast";
export declare const messages: Record<Wall, string>;
declare const config: object[];
export default config;
