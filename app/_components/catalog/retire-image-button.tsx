"use client";

import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import type { RetireImageProps } from "./retire-image-dialog";

// The dialog (a form with zod, react-hook-form and Radix's dialog, about 60 kB gzip) loads when an operator
// first opens it, not with the Base images page.
const RetireImageDialog = dynamic(() => import("./retire-image-dialog"), { ssr: false });

const labels = { deprecate: "Deprecate", restrict: "Restrict", revoke: "Revoke" } as const;

/** Deprecate, restrict or revoke a catalog image: asks why and what to rebase onto, and says what will happen. */
export function RetireImageButton(props: RetireImageProps) {
  const [open, setOpen] = useState(false);
  // Focus goes back to the button when the dialog closes, as a dialog trigger's would.
  const trigger = useRef<HTMLSpanElement>(null);
  return (
    <span ref={trigger} className="contents">
      <Button variant={props.action === "revoke" ? "danger" : "secondary"} aria-label={`${labels[props.action]} ${props.image.name} ${props.image.version}`} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {labels[props.action]}
      </Button>
      {open ? (
        <RetireImageDialog
          {...props}
          label={labels[props.action]}
          onClose={() => {
            setOpen(false);
            trigger.current?.querySelector("button")?.focus();
          }}
        />
      ) : null}
    </span>
  );
}
