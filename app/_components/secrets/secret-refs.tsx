/** A revision's secrets as it names them: variable, version and fingerprint, never a value. */
export function SecretRefs({ secrets }: { secrets: { name: string; version: number; fingerprint: string }[] | undefined }) {
  if (!secrets?.length) return <span className="text-slate-500">None</span>;
  return (
    <ul className="space-y-0.5">
      {secrets.map((secret) => (
        <li key={secret.name} className="font-mono text-xs">
          {secret.name} v{secret.version} <span className="text-slate-500">({secret.fingerprint})</span>
        </li>
      ))}
    </ul>
  );
}
