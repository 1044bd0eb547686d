import { createElement } from "react";
import type { IconNode } from "lucide";
import { cn } from "./cn";

/**
 * A lucide icon (its data from the `lucide` package) as an inline SVG, on the server or in a client
 * component. lucide-react's icons are client components (they read a context), so each icon even on a
 * server-rendered page sent lucide's rendering code to the browser.
 */
export function Icon({ icon, className, ...props }: { icon: IconNode } & React.SVGProps<SVGSVGElement>) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={24}
      height={24}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={cn("lucide", className)}
      // Decorative unless labelled, as lucide-react's were.
      aria-hidden={props["aria-label"] ? undefined : true}
      {...props}
    >
      {icon.map(([tag, attributes], index) => createElement(tag, { key: index, ...attributes }))}
    </svg>
  );
}
