import { TLS_VERSIONS } from "@/server/targets/contract";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { DEFAULT_TLS_VERSION, type TargetField } from "./target-fields";

/** One field of the target forms, as its kind asks: text, a secret (write-only), several lines, a box, a TLS version. */
export function FieldInput({
  field: [path, label, type],
  value,
  error,
  disabled,
  onChange,
}: {
  field: TargetField;
  value: string | undefined;
  error?: string;
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  if (type === "flag") {
    return (
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" id={path} checked={value === "true"} disabled={disabled} onChange={(event) => onChange(String(event.target.checked))} />
        {label}
      </label>
    );
  }
  const secret = type === "secret" || type === "multiline-secret";
  return (
    <Field id={path} label={label} error={error}>
      {type === "tls-version" ? (
        <Select id={path} aria-invalid={!!error} disabled={disabled} value={value ?? DEFAULT_TLS_VERSION} onChange={(event) => onChange(event.target.value)}>
          {TLS_VERSIONS.map((version) => (
            <option key={version} value={version}>
              TLS {version}
            </option>
          ))}
        </Select>
      ) : type === "multiline" || type === "multiline-secret" ? (
        <Textarea id={path} className="font-mono text-xs" spellCheck={false} autoComplete="off" aria-invalid={!!error} disabled={disabled} value={value ?? ""} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <Input
          id={path}
          type={secret ? "password" : "text"}
          autoComplete={secret ? "new-password" : "off"}
          aria-invalid={!!error}
          disabled={disabled}
          value={value ?? ""}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
