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
        {/* The first thing a keyboard reaches on every page: past the navigation to the page itself. */}
        <a
          href="#content"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-700 focus:shadow focus:outline-none focus:ring-2 focus:ring-brand-600"
        >
          Skip to content
        </a>
        {children}
        <Toaster richColors position="top-right" />
      </body>
    </html>
  );
}
