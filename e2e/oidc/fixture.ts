// The local OpenID Connect provider's client and people, shared by the provider (e2e/oidc/provider.ts),
// the product's webServer settings (playwright.config.ts) and the SSO journey.

/** The provider listens 100 ports above the product, so parallel runs with their own E2E_PORT never clash. */
export const oidcPort = (productPort: number) => productPort + 100;

export const OIDC_CLIENT = { id: "bulkhead-e2e", secret: "bulkhead-e2e-client-secret-not-for-production" };

/** BULKHEAD_OIDC_GROUP_MAP for the journeys: two teams, and an operator group. */
export const OIDC_GROUP_MAP = {
  "storefront-devs": { team: "storefront", role: "developer" },
  "payments-devs": { team: "payments" },
  "platform-ops": { role: "operator" },
};

export interface IdpUser {
  username: string;
  password: string;
  email: string;
  name: string;
  groups: string[];
}

export const IDP_USERS: IdpUser[] = [
  { username: "alice", password: "alice-idp-password", email: "alice@corp.example", name: "Alice Storefront", groups: ["storefront-devs", "all-staff"] },
  // Operator wins over the developer role that payments-devs implies; she still joins Payments.
  { username: "olga", password: "olga-idp-password", email: "olga@corp.example", name: "Olga Ops", groups: ["platform-ops", "payments-devs"] },
  // Moved between groups by the "source of truth" journey.
  { username: "sam", password: "sam-idp-password", email: "sam@corp.example", name: "Sam Mover", groups: ["storefront-devs"] },
  { username: "nora", password: "nora-idp-password", email: "nora@corp.example", name: "Nora Marketing", groups: ["marketing", "all-staff"] },
  // Same email as the sandbox's local developer account: must not take it over.
  { username: "mallory", password: "mallory-idp-password", email: "dev@bulkhead.local", name: "Mallory", groups: ["platform-ops"] },
];
