// The Pod Security judge against the words of the API server: each check alone, the documented combined refusal,
// pod-level settings covering containers, init and ephemeral containers, and a property: any one violation added to a
// compliant spec gets it refused.
import fc from "fast-check";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { describe, expect, it } from "vitest";
import { describePodSecurityViolations, podSecurityForbiddenMessage, podSecurityViolations, podSecurityWarning } from "./emulator-pod-security";

const hardened = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" as const } };

/** What Bulkhead means to send: every restricted control set on the one container. */
const compliant = (): IPodSpec => ({ containers: [{ name: "app", image: "registry.example/app:1", securityContext: structuredClone(hardened) }] });

/** The compliant spec with `change` applied to it, or to its only container when `change` takes a container. */
function withChange(change: (spec: IPodSpec, app: IContainer) => void): IPodSpec {
  const spec = compliant();
  change(spec, spec.containers[0]);
  return spec;
}

const judged = (spec: IPodSpec, options?: Parameters<typeof podSecurityViolations>[1]) => describePodSecurityViolations(podSecurityViolations(spec, options));

describe("Pod Security restricted", () => {
  it("admits a pod that sets every restricted control", () => {
    expect(podSecurityViolations(compliant())).toEqual([]);
    expect(podSecurityViolations(compliant(), { level: "baseline" })).toEqual([]);
  });

  it.each<[string, (spec: IPodSpec, app: IContainer) => void, string]>([
    ["privileged", (_, app) => (app.securityContext = { ...hardened, privileged: true }), 'privileged (container "app" must not set securityContext.privileged=true)'],
    ["host namespaces", (spec) => Object.assign(spec, { hostPID: true, hostNetwork: true, hostIPC: true }), "host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)"],
    ["a hostPath volume", (spec) => (spec.volumes = [{ name: "host", hostPath: { path: "/var/run" } }]), 'restricted volume types (volume "host" uses restricted volume type "hostPath")'],
    ["an nfs volume", (spec) => (spec.volumes = [{ name: "share", nfs: { server: "nfs.example", path: "/export" } }]), 'restricted volume types (volume "share" uses restricted volume type "nfs")'],
    ["a host port", (_, app) => (app.ports = [{ containerPort: 8080, hostPort: 8080 }]), 'hostPort (container "app" uses hostPort 8080)'],
    ["privilege escalation", (_, app) => (app.securityContext = { ...hardened, allowPrivilegeEscalation: true }), 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)'],
    ["no drop of ALL", (_, app) => (app.securityContext = { ...hardened, capabilities: { drop: ["NET_RAW"] } }), 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])'],
    ["an added capability", (_, app) => (app.securityContext = { ...hardened, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN", "NET_BIND_SERVICE", "CHOWN"] } }), 'unrestricted capabilities (container "app" must not include "CHOWN", "SYS_ADMIN" in securityContext.capabilities.add)'],
    ["runAsNonRoot=false", (_, app) => (app.securityContext = { ...hardened, runAsNonRoot: false }), 'runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)'],
    ["no runAsNonRoot", (_, app) => (app.securityContext = { ...hardened, runAsNonRoot: undefined }), 'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)'],
    ["runAsUser 0 on the container", (_, app) => (app.securityContext = { ...hardened, runAsUser: 0 }), 'runAsUser=0 (container "app" must not set runAsUser=0)'],
    ["runAsUser 0 on the pod", (spec) => (spec.securityContext = { runAsUser: 0 }), "runAsUser=0 (pod must not set runAsUser=0)"],
    ["an Unconfined seccomp profile", (_, app) => (app.securityContext = { ...hardened, seccompProfile: { type: "Unconfined" } }), 'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")'],
    ["no seccomp profile", (_, app) => (app.securityContext = { ...hardened, seccompProfile: undefined }), 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'],
    ["an unmasked /proc", (_, app) => (app.securityContext = { ...hardened, procMount: "Unmasked" }), 'procMount (container "app" must not set securityContext.procMount to "Unmasked")'],
    ["unsafe sysctls", (spec) => (spec.securityContext = { sysctls: [{ name: "kernel.msgmax", value: "65536" }, { name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }, { name: "net.core.somaxconn", value: "1024" }] }), "forbidden sysctls (kernel.msgmax, net.core.somaxconn)"],
    ["an SELinux type", (_, app) => (app.securityContext = { ...hardened, seLinuxOptions: { type: "spc_t" } }), 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")'],
    ["an SELinux user and role", (spec) => (spec.securityContext = { seLinuxOptions: { user: "system_u", role: "system_r" } }), "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set)"],
    ["an Unconfined AppArmor profile", (_, app) => (app.securityContext = { ...hardened, appArmorProfile: { type: "Unconfined" } }), 'forbidden AppArmor profile (container "app" must not set AppArmor profile type to "Unconfined")'],
    ["a HostProcess container", (_, app) => (app.securityContext = { ...hardened, windowsOptions: { hostProcess: true } }), 'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)'],
    ["a probe host", (_, app) => (app.livenessProbe = { httpGet: { host: "10.0.0.1", port: 8080, path: "/healthz" } }), 'probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")'],
    ["a lifecycle host", (_, app) => (app.lifecycle = { preStop: { httpGet: { host: "metadata.internal", port: 80 } } }), 'probe or lifecycle host (container "app" uses probe or lifecycle host "metadata.internal")'],
  ])("refuses %s alone, in the API server's words", (_, change, words) => {
    const spec = withChange(change);
    expect(judged(spec)).toBe(words);
    expect(podSecurityForbiddenMessage("web", podSecurityViolations(spec))).toBe(`pods "web" is forbidden: violates PodSecurity "restricted:latest": ${words}`);
  });

  it("refuses an AppArmor annotation that unconfines a container", () => {
    const annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined", "container.apparmor.security.beta.kubernetes.io/ok": "localhost/k8s-nginx" };
    expect(judged(compliant(), { annotations })).toBe('forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"")');
  });

  it("gives the documented refusal for a pod that sets nothing, and the same list as a Deployment's warning", () => {
    const bare: IPodSpec = { containers: [{ name: "app", image: "nginx" }] };
    const list =
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';
    const violations = podSecurityViolations(bare);
    expect(violations.map((violation) => violation.check)).toEqual(["allowPrivilegeEscalation", "capabilities_restricted", "runAsNonRoot", "seccompProfile_restricted"]);
    expect(podSecurityForbiddenMessage("app", violations)).toBe(`pods "app" is forbidden: violates PodSecurity "restricted:latest": ${list}`);
    expect(podSecurityWarning(violations)).toBe(`would violate PodSecurity "restricted:latest": ${list}`);
    expect(podSecurityViolations(bare, { level: "baseline" })).toEqual([]);
  });

  it("lists baseline checks before restricted ones, each group in the order of its check IDs", () => {
    const spec = withChange((spec, app) => {
      Object.assign(spec, { hostNetwork: true, securityContext: { sysctls: [{ name: "vm.swappiness", value: "10" }] } });
      app.securityContext = { ...hardened, privileged: true, runAsUser: 0 };
    });
    expect(podSecurityViolations(spec).map((violation) => violation.check)).toEqual(["hostNamespaces", "privileged", "sysctls", "runAsUser"]);
  });

  it("names several containers in the plural, in visiting order, and sorts the values as the API server's sets do", () => {
    const spec: IPodSpec = {
      containers: [
        { name: "a", securityContext: hardened, ports: [{ containerPort: 80, hostPort: 80 }] },
        { name: "b", securityContext: hardened, ports: [{ containerPort: 443, hostPort: 443 }] },
      ],
    };
    expect(judged(spec)).toBe('hostPort (containers "a", "b" use hostPorts 443, 80)');
  });

  it("reports hostPath under its own baseline check when only baseline is enforced", () => {
    const spec = withChange((spec) => (spec.volumes = [{ name: "host", hostPath: { path: "/" } }]));
    expect(judged(spec, { level: "baseline" })).toBe('hostPath volumes (volume "host")');
  });

  it("accepts the volume types restricted allows, safe sysctls, NET_BIND_SERVICE and a Localhost seccomp profile", () => {
    const spec = withChange((spec, app) => {
      spec.volumes = [
        { name: "scratch", emptyDir: {} },
        { name: "config", configMap: { name: "app-config" } },
        { name: "creds", secret: { secretName: "app" } },
        { name: "data", persistentVolumeClaim: { claimName: "data" } },
        { name: "token", projected: { sources: [] } },
        { name: "model", image: { reference: "registry.example/model:1" } },
      ];
      spec.securityContext = { sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }, { name: "net.ipv4.tcp_keepalive_time", value: "60" }] };
      app.securityContext = { ...hardened, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] }, seccompProfile: { type: "Localhost", localhostProfile: "profiles/app.json" }, runAsUser: 10001 };
    });
    expect(podSecurityViolations(spec)).toEqual([]);
  });
});

describe("messages real API servers gave, reproduced", () => {
  const must = {
    escalation: (names: string) => `allowPrivilegeEscalation != false (${names} must set securityContext.allowPrivilegeEscalation=false)`,
    drop: (names: string) => `unrestricted capabilities (${names} must set securityContext.capabilities.drop=["ALL"])`,
    nonRoot: (names: string) => `runAsNonRoot != true (pod or ${names} must set securityContext.runAsNonRoot=true)`,
    seccomp: (names: string) => `seccompProfile (pod or ${names} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
  };

  it("a privileged container (github.com/rancher/k3k/issues/294)", () => {
    const spec: IPodSpec = { containers: [{ name: "sec-ctx-demo", securityContext: { privileged: true } }] };
    const c = 'container "sec-ctx-demo"';
    expect(podSecurityForbiddenMessage("security-context-privileged", podSecurityViolations(spec))).toBe(
      `pods "security-context-privileged" is forbidden: violates PodSecurity "restricted:latest": privileged (${c} must not set securityContext.privileged=true), ${must.escalation(c)}, ${must.drop(c)}, ${must.nonRoot(c)}, ${must.seccomp(c)}`,
    );
  });

  it("an init container running as root beside a hardened one (github.com/hyperspike/valkey-operator/issues/260)", () => {
    const spec: IPodSpec = { initContainers: [{ name: "volume-permissions", securityContext: { runAsUser: 0 } }], containers: [{ name: "valkey", securityContext: hardened }] };
    const c = 'container "volume-permissions"';
    expect(judged(spec)).toBe(`${must.escalation(c)}, ${must.drop(c)}, ${must.nonRoot(c)}, runAsUser=0 (${c} must not set runAsUser=0), ${must.seccomp(c)}`);
  });

  it("two containers, the pod setting runAsNonRoot (github.com/adyanth/cloudflare-operator/issues/110)", () => {
    const spec: IPodSpec = { securityContext: { runAsNonRoot: true }, containers: [{ name: "kube-rbac-proxy" }, { name: "manager", securityContext: { allowPrivilegeEscalation: false } }] };
    expect(judged(spec)).toBe(`${must.escalation('container "kube-rbac-proxy"')}, ${must.drop('containers "kube-rbac-proxy", "manager"')}, ${must.seccomp('containers "kube-rbac-proxy", "manager"')}`);
  });

  it("host network and host ports (github.com/open-policy-agent/gatekeeper/issues/2633)", () => {
    const spec: IPodSpec = { hostNetwork: true, containers: [{ name: "manager", securityContext: hardened, ports: [9090, 8443, 8888].map((port) => ({ containerPort: port, hostPort: port })) }] };
    expect(judged(spec)).toBe('host namespaces (hostNetwork=true), hostPort (container "manager" uses hostPorts 8443, 8888, 9090)');
  });

  it("unsafe sysctls, warned on (github.com/openshift/openshift-docs/pull/45888)", () => {
    const spec: IPodSpec = { securityContext: { sysctls: [{ name: "net.core.somaxconn", value: "1024" }, { name: "kernel.msgmax", value: "65536" }] }, containers: [{ name: "podexample", securityContext: { runAsUser: 2000 } }] };
    const c = 'container "podexample"';
    expect(podSecurityWarning(podSecurityViolations(spec))).toBe(`would violate PodSecurity "restricted:latest": forbidden sysctls (net.core.somaxconn, kernel.msgmax), ${must.escalation(c)}, ${must.drop(c)}, ${must.nonRoot(c)}, ${must.seccomp(c)}`);
  });

  it("a hostPath volume under restricted and under baseline (openshift/openshift-docs#62524, DataDog/helm-charts#1480)", () => {
    const restricted = withChange((spec) => (spec.volumes = [{ name: "host-slash", hostPath: { path: "/" } }]));
    expect(judged(restricted)).toBe('restricted volume types (volume "host-slash" uses restricted volume type "hostPath")');
    const baseline: IPodSpec = { volumes: [{ name: "datadog", hostPath: { path: "/var/run/datadog" } }], containers: [{ name: "app" }] };
    expect(podSecurityForbiddenMessage("redacted", podSecurityViolations(baseline, { level: "baseline" }), "baseline")).toBe('pods "redacted" is forbidden: violates PodSecurity "baseline:latest": hostPath volumes (volume "datadog")');
  });
});

describe("pod-level settings and containers", () => {
  const podLevel = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" as const } };
  const containerOnly = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };

  it("lets the pod's runAsNonRoot and seccomp profile cover containers that leave them unset", () => {
    expect(podSecurityViolations({ securityContext: podLevel, containers: [{ name: "app", securityContext: containerOnly }] })).toEqual([]);
  });

  it("lets a container's own setting win over the pod's", () => {
    const spec: IPodSpec = { securityContext: podLevel, containers: [{ name: "app", securityContext: { ...containerOnly, runAsNonRoot: false, seccompProfile: { type: "Localhost", localhostProfile: "p.json" } } }] };
    expect(judged(spec)).toBe('runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)');
  });

  it("still refuses a pod-level value the pod sets explicitly, even when every container sets its own", () => {
    const spec: IPodSpec = { securityContext: { runAsNonRoot: false, seccompProfile: { type: "Unconfined" } }, containers: [{ name: "app", securityContext: hardened }] };
    expect(judged(spec)).toBe("runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false), seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")");
  });

  it("judges init and ephemeral containers too: init, then regular, then ephemeral", () => {
    const spec: IPodSpec = { initContainers: [{ name: "init" }], containers: [{ name: "app" }], ephemeralContainers: [{ name: "debug" }] };
    expect(judged(spec)).toBe(
      'allowPrivilegeEscalation != false (containers "init", "app", "debug" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (containers "init", "app", "debug" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or containers "init", "app", "debug" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or containers "init", "app", "debug" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const hardenedButSidecar = withChange((spec) => (spec.initContainers = [{ name: "proxy", securityContext: { ...hardened, privileged: true } }]));
    expect(judged(hardenedButSidecar)).toBe('privileged (container "proxy" must not set securityContext.privileged=true)');
  });

  it("reads a JSON null as an unset field, as the API server's Go types do", () => {
    const spec: IPodSpec = JSON.parse('{"securityContext":{"runAsNonRoot":null,"seccompProfile":null},"containers":[{"name":"app","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"runAsNonRoot":null,"procMount":null,"seccompProfile":null}}],"volumes":[{"name":"scratch","hostPath":null,"emptyDir":{}}]}');
    expect(judged(spec)).toBe('runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")');
  });

  it("exempts a Windows pod from the Linux-only controls", () => {
    const spec: IPodSpec = { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "app" }] };
    expect(podSecurityViolations(spec)).toEqual([]);
    expect(judged({ ...spec, os: { name: "linux" } })).toContain("allowPrivilegeEscalation != false");
  });
});

describe("property: one violation added to a compliant spec gets it refused", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);

  /** A compliant spec: the controls set either on the pod or on each container, with the allowed extras sprinkled in. */
  const compliantSpec = fc
    .record({
      names: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
      initCount: fc.nat({ max: 2 }),
      ephemeralCount: fc.nat({ max: 1 }),
      podLevel: fc.boolean(),
      seccomp: fc.constantFrom("RuntimeDefault", "Localhost"),
      bindService: fc.boolean(),
      runAsUser: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      sysctls: fc.subarray(["kernel.shm_rmid_forced", "net.ipv4.ping_group_range", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_wmem"]),
      volumes: fc.subarray(["emptyDir", "configMap", "secret", "persistentVolumeClaim"] as const),
      extras: fc.boolean(),
    })
    .map(({ names, initCount, ephemeralCount, podLevel, seccomp, bindService, runAsUser, sysctls, volumes, extras }): IPodSpec => {
      const seccompProfile = seccomp === "Localhost" ? { type: "Localhost" as const, localhostProfile: "profiles/app.json" } : { type: "RuntimeDefault" as const };
      const container = (containerName: string): IContainer => ({
        name: containerName,
        image: "registry.example/app:1",
        ports: [{ containerPort: 8080 }],
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"], ...(bindService && { add: ["NET_BIND_SERVICE"] }) },
          ...(!podLevel && { runAsNonRoot: true, seccompProfile }),
          ...(runAsUser !== undefined && { runAsUser }),
          ...(extras && { procMount: "Default" as const, seLinuxOptions: { type: "container_t" }, appArmorProfile: { type: "RuntimeDefault" as const } }),
        },
      });
      const volumeOf = { emptyDir: { name: "scratch", emptyDir: {} }, configMap: { name: "config", configMap: { name: "c" } }, secret: { name: "creds", secret: { secretName: "s" } }, persistentVolumeClaim: { name: "data", persistentVolumeClaim: { claimName: "d" } } };
      const podContext = { ...(podLevel && { runAsNonRoot: true, seccompProfile }), ...(sysctls.length > 0 && { sysctls: sysctls.map((sysctl) => ({ name: sysctl, value: "1" })) }) };
      const [first, ...rest] = names;
      return {
        ...(Object.keys(podContext).length > 0 && { securityContext: podContext }),
        initContainers: rest.slice(0, initCount).map(container),
        containers: [first, ...rest.slice(initCount + ephemeralCount)].map(container),
        ephemeralContainers: rest.slice(initCount, initCount + ephemeralCount).map(container),
        volumes: volumes.map((kind) => volumeOf[kind]),
      };
    });

  /** Any container of the spec, picked by a number. */
  const pick = (spec: IPodSpec, index: number) => {
    const all = [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
    return all[index % all.length];
  };
  const onContainer = (change: (container: IContainer) => void) => (spec: IPodSpec, index: number) => change(pick(spec, index));
  const security = (container: IContainer) => (container.securityContext ??= {});
  const podSecurity = (spec: IPodSpec) => (spec.securityContext ??= {});

  /** One violation each, with the check that must catch it. */
  const violations: [string, (spec: IPodSpec, index: number) => void][] = [
    ["privileged", onContainer((c) => (security(c).privileged = true))],
    ["hostNamespaces", (spec, index) => Object.assign(spec, { [["hostNetwork", "hostPID", "hostIPC"][index % 3]]: true })],
    ["restrictedVolumes", (spec, index) => (spec.volumes = [...(spec.volumes ?? []), [{ name: "h", hostPath: { path: "/" } }, { name: "n", nfs: { server: "s", path: "/" } }, { name: "g", gitRepo: { repository: "r" } }][index % 3]])],
    ["hostPorts", onContainer((c) => (c.ports = [{ containerPort: 80, hostPort: 80 }]))],
    ["allowPrivilegeEscalation", onContainer((c) => (security(c).allowPrivilegeEscalation = true))],
    ["allowPrivilegeEscalation", onContainer((c) => delete security(c).allowPrivilegeEscalation)],
    ["capabilities_restricted", onContainer((c) => (security(c).capabilities = { drop: [] }))],
    ["capabilities_restricted", onContainer((c) => (security(c).capabilities = { drop: ["ALL"], add: ["NET_RAW"] }))],
    ["runAsNonRoot", onContainer((c) => (security(c).runAsNonRoot = false))],
    ["runAsNonRoot", (spec) => (podSecurity(spec).runAsNonRoot = false)],
    ["runAsUser", onContainer((c) => (security(c).runAsUser = 0))],
    ["runAsUser", (spec) => (podSecurity(spec).runAsUser = 0)],
    ["seccompProfile_restricted", onContainer((c) => (security(c).seccompProfile = { type: "Unconfined" }))],
    ["seccompProfile_restricted", (spec) => (podSecurity(spec).seccompProfile = { type: "Unconfined" })],
    ["procMount", onContainer((c) => (security(c).procMount = "Unmasked"))],
    ["sysctls", (spec, index) => (podSecurity(spec).sysctls = [{ name: ["kernel.msgmax", "net.core.somaxconn", "vm.swappiness"][index % 3], value: "1" }])],
    ["seLinuxOptions", onContainer((c) => (security(c).seLinuxOptions = { type: "spc_t" }))],
    ["appArmorProfile", onContainer((c) => (security(c).appArmorProfile = { type: "Unconfined" }))],
    ["windowsHostProcess", onContainer((c) => (security(c).windowsOptions = { hostProcess: true }))],
    ["hostProbesAndHostLifecycle", onContainer((c) => (c.readinessProbe = { tcpSocket: { host: "169.254.169.254", port: 80 } }))],
  ];

  it("admits every compliant spec", () => {
    fc.assert(fc.property(compliantSpec, (spec) => podSecurityViolations(spec).length === 0));
  });

  it("refuses it once any one violation is added, naming the check that caught it", () => {
    fc.assert(
      fc.property(compliantSpec, fc.constantFrom(...violations), fc.nat(), (spec, [check, add], index) => {
        add(spec, index);
        const found = podSecurityViolations(spec);
        expect(found.map((violation) => violation.check)).toContain(check);
        expect(podSecurityForbiddenMessage("web", found)).toMatch(/^pods "web" is forbidden: violates PodSecurity "restricted:latest": \S/);
      }),
    );
  });
});
