import { type DataClassification, classificationLabels } from "@/server/apps/contract";
import { Badge } from "@/app/_components/ui/badge";

const tones = { public: "good", internal: "info", confidential: "warn", regulated: "bad" } as const;

export function ClassificationBadge({ value }: { value: DataClassification }) {
  return <Badge tone={tones[value]}>{classificationLabels[value]}</Badge>;
}
