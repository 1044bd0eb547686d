/** The `paths` and `components` types of an OpenAPI 3.x document, as TypeScript source. */
export function typesOf(document: object): Promise<string>;
