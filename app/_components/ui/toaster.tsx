"use client";

import dynamic from "next/dynamic";

// Toasts only ever follow an action, so sonner (10 kB gzip) loads after the page is interactive instead
// of with every page's first load.
export const Toaster = dynamic(() => import("sonner").then((sonner) => sonner.Toaster), { ssr: false });
