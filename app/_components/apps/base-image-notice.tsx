import type { AppView } from "@/app/_lib/api-types";
import { Badge } from "@/app/_components/ui/badge";

const tones = { approved: "good", deprecated: "warn", revoked: "bad" } as const;

/** The app's base image, and what to rebase onto when IT operations retired it. */
export function BaseImageNotice({ image }: { image: AppView["baseImage"] }) {
  if (!image) return <Badge tone="warn">No base image declared: choose one before deploying</Badge>;
  const successor = image.successor ? `${image.successor.name} ${image.successor.version}` : null;
  return (
    <>
      <Badge tone={tones[image.status]}>
        {image.name} {image.version} · {image.status}
      </Badge>
      {image.status !== "approved" ? (
        <p role="note" className="w-full text-sm text-amber-800">
          {image.name} {image.version} is {image.status}
          {image.status === "revoked" ? ": deploys are refused" : ""}.{" "}
          {successor ? `Rebase to ${successor}.` : "Ask IT operations which image to rebase to."}
        </p>
      ) : null}
    </>
  );
}
