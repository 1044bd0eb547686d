import type { Metadata } from "next";
import { Toaster } from "./_components/ui/toaster";
import "./globals.css";

// Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts), which a page
// prerendered at build time could not.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Bulkhead", template: "%s · Bulkhead" },
  description: "Deploy containers to any cloud under one set of rules.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <Toaster richColors position="top-right" />
      </body>
    </html>
  );
}
