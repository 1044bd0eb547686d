// The names of the requests and read-back checks a Cloud Run plan lists. An enforcement row's evidence names one of
// them, so the plan, the policy rendering and apply say the same thing. Pure constants.

export const OPERATIONS = {
  createServiceAccount: "IAM serviceAccounts.create (ALREADY_EXISTS: read back, must be this app's, enabled if disabled)",
  createService: "CreateService",
  updateService: "UpdateService (sent instead when the service already exists)",
  setInvokers: "Services.SetIamPolicy (roles/run.invoker: the public, or the linked callers whose accounts exist)",
  grantCallee: "Services.SetIamPolicy on each linked callee running on this target (adds this app's account to its roles/run.invoker)",
} as const;

export const CHECKS = {
  sslPolicy: "Compute sslPolicies.get",
  httpsFrontEnd: "Compute targetHttpsProxies.list + globalForwardingRules.list",
  httpRedirect: "Compute targetHttpProxies.get + urlMaps.get",
} as const;
