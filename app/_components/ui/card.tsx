import { cn } from "./cn";

export function Card({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("rounded-lg border border-slate-200 bg-white shadow-sm", className)} {...props} />;
}

/**
 * A card's title and description. A card's title is an h2 under the page's h1; the card that is the page
 * (a form page, or the list a page is named for) gives its title as the page's one h1 instead.
 */
export function CardHeader({ title, description, actions, as: Heading = "h2" }: { title: string; description?: string; actions?: React.ReactNode; as?: "h1" | "h2" }) {
  return (
    <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
      <div>
        <Heading className="text-base font-semibold">{title}</Heading>
        {description ? <p className="mt-0.5 text-sm text-slate-500">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}

export function CardBody({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("px-5 py-4", className)} {...props} />;
}
