"use client";

import { lazy, Suspense, useEffect, useState } from "react";
import type { ToasterProps } from "sonner";

// Toasts only ever follow an action, so sonner (10 kB gzip) loads once the page is up instead of with
// every page's first load. React's own lazy: next/dynamic would add its loader to every page instead.
const Sonner = lazy(() => import("sonner").then((sonner) => ({ default: sonner.Toaster })));

export function Toaster(props: ToasterProps) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? (
    <Suspense fallback={null}>
      <Sonner {...props} />
    </Suspense>
  ) : null;
}
