"use client";

import { cloneElement, lazy, Suspense, useRef, useState } from "react";
import type { ConfirmDialogText } from "./confirm-dialog-content";

// Radix's dialog (12 kB gzip) loads when a dialog is first opened, not with every page that has one.
// React's own lazy: next/dynamic would add its loader to the page.
const ConfirmDialogContent = lazy(() => import("./confirm-dialog-content"));

/** Destructive actions ask first and say what will happen. */
export function ConfirmDialog({
  trigger,
  onConfirm,
  pending,
  ...text
}: ConfirmDialogText & {
  /** A button; clicking it opens the dialog. */
  trigger: React.ReactElement<React.ButtonHTMLAttributes<HTMLButtonElement>>;
  onConfirm: () => void;
  pending?: boolean;
}) {
  const [open, setOpen] = useState(false);
  // Focus goes back to the trigger when the dialog closes, as a Radix dialog trigger's would.
  const wrapper = useRef<HTMLSpanElement>(null);
  return (
    <span ref={wrapper} className="contents">
      {cloneElement(trigger, { "aria-haspopup": "dialog", "aria-expanded": open, onClick: () => setOpen(true) })}
      {open ? (
        <Suspense fallback={null}>
          <ConfirmDialogContent
            {...text}
            pending={pending}
            onConfirm={onConfirm}
            onClose={() => {
              setOpen(false);
              wrapper.current?.querySelector("button")?.focus();
            }}
          />
        </Suspense>
      ) : null}
    </span>
  );
}
