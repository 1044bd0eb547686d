// The grammar of repository names and tags (distribution-spec v1.1, "Pulling manifests":
// https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pulling-manifests).
export const NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
export const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
