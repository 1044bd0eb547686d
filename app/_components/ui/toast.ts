// Toasts only ever follow an action, so sonner (10 kB gzip) is imported when the first one is shown, not
// with the page. The lazily mounted <Toaster> (toaster.tsx) gets the same sonner module, so it shows them.
type Kind = "success" | "error" | "warning";

function show(kind: Kind, message: string): void {
  void import("sonner").then(({ toast }) => toast[kind](message));
}

export const toast = {
  success: (message: string) => show("success", message),
  error: (message: string) => show("error", message),
  warning: (message: string) => show("warning", message),
};
